using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Broadsheet.Infrastructure.Problems;

/// <summary>
/// A request a page has no handler for (a DELETE or PUT to any page, a POST to a page without a form) answers 405.
/// Razor Pages would render the page without running a handler: a 200 with an empty page, for any method and path
/// the catch-all page takes. GET and HEAD still render pages that have no handler of their own.
/// </summary>
public sealed class UnhandledMethods : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var http = context.HttpContext;
        // The error page re-executed for a 404 keeps the request's method: it renders whatever that was.
        if (context.HandlerMethod is null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
        {
            http.Response.Headers.Allow = string.Join(", ",
                context.ActionDescriptor.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).Prepend("HEAD").Prepend("GET").Distinct(StringComparer.Ordinal));
            context.Result = new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
