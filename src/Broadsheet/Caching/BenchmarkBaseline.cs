namespace Broadsheet.Caching;

/// <summary>
/// The benchmark's ceiling (bench/run): when "Broadsheet:Benchmark:BaselineFile" names a file, GET /_bench/baseline
/// answers with that file's bytes (the article page, saved by the benchmark) from memory, through the same server
/// and middleware as every page. Off unless set; nothing else uses it.
/// </summary>
public static class BenchmarkBaseline
{
    public static IEndpointRouteBuilder MapBenchmarkBaseline(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IConfiguration>()["Broadsheet:Benchmark:BaselineFile"] is not { Length: > 0 } file)
        {
            return app;
        }
        // Read on first use: the benchmark saves the page after the server has started.
        var page = new Lazy<byte[]>(() => File.ReadAllBytes(file));
        app.MapGet("/_bench/baseline", () => Results.Bytes(page.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }
}
