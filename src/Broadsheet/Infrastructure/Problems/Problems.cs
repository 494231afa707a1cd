using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Infrastructure.Problems;

/// <summary>The API's error answers: ProblemDetails everywhere, 422 for field messages.</summary>
public static class Problems
{
    public static ProblemHttpResult Unprocessable(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "One or more fields are invalid.",
        });

    public static ProblemHttpResult Unprocessable(string field, string message) =>
        Unprocessable(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: $"There is no such {what}.", statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden(string reason) =>
        TypedResults.Problem(title: reason, statusCode: StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Conflict(string message) =>
        TypedResults.Problem(title: message, statusCode: StatusCodes.Status409Conflict);
}
