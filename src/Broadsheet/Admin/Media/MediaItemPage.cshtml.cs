using Broadsheet.Accounts;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Admin.Media;

/// <summary>
/// /admin/media/{id}: one picture, the Markdown that places it in a text, its alt text, caption and credit to change,
/// where it is used, and deleting it with what that does said first. Editors change any picture, authors their own.
/// </summary>
[Authorize(Policy = Roles.AuthorPolicy)]
public sealed class MediaItemPageModel(BroadsheetDb db, MediaLibrary library, IMediaStore store) : PageModel
{
    public const string NotYours = "Authors change and delete the pictures they uploaded; this one is a colleague's. Ask an editor.";

    [BindProperty]
    public MediaDetailsForm Details { get; set; } = new();

    public MediaItem Item { get; private set; } = null!;
    public ResponsiveImage Image { get; private set; } = null!;
    public MediaUsage Usage { get; private set; } = new([], []);
    public string? UploadedBy { get; private set; }
    public bool MayChange { get; private set; }
    public string? Message { get; private set; }
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Details = new MediaDetailsForm { Alt = Item.Alt, Caption = Item.Caption, Credit = Item.Credit };
        Message = done switch
        {
            "uploaded" => "Uploaded. Choose it as an article's featured image in the editor, or paste its Markdown into a text.",
            "saved" => "Saved.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!MayChange)
        {
            return Refuse();
        }
        switch (await library.DescribeAsync(id, Details.ToDetails(), ct))
        {
            case Saved<MediaItem>:
                return Redirect($"/admin/media/{id}?done=saved");
            case Invalid<MediaItem> invalid:
                return this.Unprocessable(invalid.Errors);
            default:
                return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!MayChange)
        {
            return Refuse();
        }
        await library.DeleteAsync(id, ct);
        return Redirect($"/admin/media?done={Uri.EscapeDataString($"Deleted “{Item.Alt}”.")}");
    }

    private PageResult Refuse()
    {
        Details = new MediaDetailsForm { Alt = Item.Alt, Caption = Item.Caption, Credit = Item.Credit };
        Refusal = NotYours;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await db.MediaItems.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } item)
        {
            return false;
        }
        var me = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        (Item, Image) = (item, ResponsiveImage.From(item, store));
        ViewData["Title"] = $"Picture: {item.Alt}";
        Usage = await library.UsageAsync(item, ct);
        UploadedBy = item.UploadedById is { } by ? await db.Users.Where(u => u.Id == by).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) : null;
        MayChange = me.Role >= UserRole.Editor || item.UploadedById == me.UserId;
        return true;
    }
}
