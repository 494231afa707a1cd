using Microsoft.AspNetCore.Mvc.ModelBinding;

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
}
