using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Broadsheet.Infrastructure.Problems;

/// <summary>
/// Malformed JSON or unreadable parameters reach here (RouteHandlerOptions.ThrowOnBadRequest) and answer 400
/// with a message, instead of the framework's empty 400.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var detail = bad.InnerException is JsonException json
            ? $"The request body is not valid JSON: {json.Message}"
            : bad.Message;
        http.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = detail },
        });
    }
}
