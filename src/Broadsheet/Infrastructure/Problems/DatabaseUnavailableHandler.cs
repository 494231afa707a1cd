using Microsoft.AspNetCore.Diagnostics;

namespace Broadsheet.Infrastructure.Problems;

/// <summary>
/// When the database does not answer, a request that needs it gets a 503 that says so (problem JSON for the API, a
/// short page for readers), with Retry-After, instead of a 500. Nothing was acknowledged, so nothing is lost;
/// cached pages are still served, before any of this runs.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public const string Message = "The site's database is not answering right now, so this could not be done. Nothing was saved; please try again in a minute.";

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || http.Response.HasStarted)
        {
            return false;
        }
        logger.LogError(exception, "The database did not answer {Method} {Path}.", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "30";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = 503, Title = "Service unavailable", Detail = Message },
            });
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Back in a minute</title><main><h1>Back in a minute</h1><p>{Message}</p></main></html>",
            cancellationToken);
        return true;
    }

    /// <summary>A connection that failed or timed out, however deep EF Core wrapped it.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.NpgsqlException { IsTransient: true }:
                case Npgsql.NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }: // busy, locked, I/O, cannot open
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }
        return false;
    }
}
