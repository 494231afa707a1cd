namespace Broadsheet.Caching;

/// <summary>
/// The benchmark's ceiling (bench/run): when "Broadsheet:Benchmark:BaselineFile" names a file, GET /_bench/baseline
/// answers with that file's bytes (the article page, saved by the benchmark) from memory, first thing in the
/// pipeline: the least work this server can do for a page. Off unless set; nothing else uses it.
/// </summary>
public static class BenchmarkBaseline
{
    /// <summary>"Broadsheet:Benchmark", so that start-up knows the setting.</summary>
    public sealed class Options
    {
        public string? BaselineFile { get; set; }
    }

    public static IApplicationBuilder UseBenchmarkBaseline(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IConfiguration>()["Broadsheet:Benchmark:BaselineFile"] is not { Length: > 0 } file)
        {
            return app;
        }
        // Read on first use: the benchmark saves the page after the server has started.
        var page = new Lazy<byte[]>(() => File.ReadAllBytes(file));
        return app.Use((http, next) =>
        {
            if (!http.Request.Path.Equals("/_bench/baseline", StringComparison.Ordinal))
            {
                return next(http);
            }
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.ContentLength = page.Value.Length;
            return http.Response.Body.WriteAsync(page.Value, http.RequestAborted).AsTask();
        });
    }
}
