using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Media;

/// <summary>/admin/media: upload a picture with its alt text, caption and credit; find and open the ones uploaded.</summary>
[Authorize(Policy = Roles.AuthorPolicy)]
public sealed class MediaListPageModel(MediaLibrary library, IMediaStore store) : PageModel
{
    [BindProperty]
    public MediaDetailsForm Details { get; set; } = new();

    public IReadOnlyList<ResponsiveImage> Items { get; private set; } = [];
    public int? Next { get; private set; }
    public string? Text { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(string? q, int? before, string? done, CancellationToken ct)
    {
        Message = done;
        await LoadAsync(q, before, ct);
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        var me = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        switch (await library.UploadAsync(file, Details.ToDetails(), me, ct))
        {
            case Saved<MediaItem> saved:
                return Redirect($"/admin/media/{saved.Value.Id}?done=uploaded");
            case Invalid<MediaItem> invalid:
                ModelState.AddAll(invalid.Errors);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
        }
        await LoadAsync(null, null, ct);
        return Page();
    }

    private async Task LoadAsync(string? q, int? before, CancellationToken ct)
    {
        ViewData["Title"] = "Media library";
        Text = q;
        var (items, next) = await library.ListAsync(q, before, ct);
        (Items, Next) = ([.. items.Select(m => ResponsiveImage.From(m, store))], next);
    }
}

/// <summary>The alt text, caption and credit fields of the upload and edit forms.</summary>
public sealed record MediaDetailsForm
{
    public string? Alt { get; init; }
    public string? Caption { get; init; }
    public string? Credit { get; init; }

    public MediaDetails ToDetails() => new(Alt, Caption, Credit);
}
