namespace Broadsheet.CorpusTests;

/// <summary>Finds ../shared/data beside the repository (or BROADSHEET_SHARED_DATA).</summary>
public static class SharedData
{
    public static string Path(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("BROADSHEET_SHARED_DATA") ?? FindBesideRepository()
            ?? throw new InvalidOperationException("The corpus tier needs ../shared/data; ./test.sh runs it only where that folder exists.");
        return System.IO.Path.Combine([root, .. parts]);
    }

    private static string? FindBesideRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Broadsheet.slnx")))
            {
                var data = System.IO.Path.Combine(dir.FullName, "..", "shared", "data");
                return Directory.Exists(data) ? System.IO.Path.GetFullPath(data) : null;
            }
        }
        return null;
    }
}
