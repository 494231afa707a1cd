using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Infrastructure.Problems;

public static class ModelStateErrors
{
    /// <summary>A rule's field messages on a page's form, each next to its field.</summary>
    public static void AddAll(this ModelStateDictionary state, IReadOnlyDictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                state.AddModelError(field, message);
            }
        }
    }

    /// <summary>The form again, answered 422, with the rule's messages next to their fields and what was typed kept.</summary>
    public static PageResult Unprocessable(this PageModel page, IReadOnlyDictionary<string, string[]> errors)
    {
        page.ModelState.AddAll(errors);
        page.Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return page.Page();
    }
}
