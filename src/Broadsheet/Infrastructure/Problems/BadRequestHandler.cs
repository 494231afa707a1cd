using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Broadsheet.Infrastructure.Problems;

/// <summary>
/// Malformed JSON or unreadable parameters reach here (RouteHandlerOptions.ThrowOnBadRequest) and answer 400
/// with a message, instead of the framework's empty 400; bodies, forms and JSON past the request limits answer
/// 413 or 422 with one.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            // Nesting past JsonOptions' MaxDepth (Security/RequestLimits.cs) is well-formed JSON the API will not take.
            BadHttpRequestException { InnerException: JsonException json } when json.Message.Contains("maximum configured depth", StringComparison.Ordinal) =>
                (StatusCodes.Status422UnprocessableEntity, $"The request body nests too deeply: {json.Message}"),
            BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {json.Message}"),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad => (bad.StatusCode, bad.Message),
            BadHttpRequestException { InnerException: BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } bad } => (bad.StatusCode, bad.Message),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            _ => (0, ""),
        };
        if (status == 0)
        {
            return false;
        }
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = status == StatusCodes.Status413PayloadTooLarge ? Security.RequestLimits.TooLargeTitle : "The request could not be read.", Detail = detail },
        });
    }
}
