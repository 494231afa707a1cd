using Broadsheet.Cli;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.CorpusTests;

/// <summary>
/// Every export under ../shared/data/wxr (WordPress's importer's own fixtures, malformed ones included) goes through
/// `import wxr` into a fresh site: none crashes, each ends with the report, and a refused file says which line.
/// </summary>
public sealed class WordPressExportsTests
{
    [Fact]
    public async Task Every_export_imports_or_is_refused_with_a_report_and_never_crashes()
    {
        var files = Directory.GetFiles(SharedData.Path("wxr"), "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var directory = BroadsheetApp.NewDataDirectory();
            try
            {
                using var output = new StringWriter();
                using var error = new StringWriter();
                var settings = new Dictionary<string, string?>(TestDatabase.Settings(directory)) { ["Broadsheet:SeedDemoContent"] = "false" };
                int exit;
                try
                {
                    exit = await BroadsheetCli.RunAsync(["import", "wxr", file], output, error, settings);
                }
                catch (Exception crash)
                {
                    problems.Add($"{Path.GetFileName(file)}: crashed: {crash.GetType().Name}: {crash.Message}");
                    continue;
                }
                var report = output.ToString();
                if (!report.Contains("imported", StringComparison.Ordinal) || !report.Contains("Took ", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetFileName(file)}: no report (exit {exit}): {error}");
                }
                else if (exit != 0 && !report.Contains(" at line ", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetFileName(file)}: refused without naming a line: {report}");
                }
            }
            finally
            {
                BroadsheetApp.DeleteDataDirectory(directory);
            }
        }
        Assert.True(files.Count > 0, "no exports under ../shared/data/wxr");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
