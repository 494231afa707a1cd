using Broadsheet.Accounts;
using Broadsheet.Audit;
using Broadsheet.Import;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Broadsheet.Admin.Import;

/// <summary>
/// /admin/import: upload a WordPress export and watch it come in (the page follows the run by itself, with or
/// without JavaScript), then read its report. The same import as the command line's `import wxr`.
/// </summary>
[Authorize(Policy = Roles.AdministratorPolicy)]
public sealed class ImportPageModel(BroadsheetDb db, ImportRuns runs, AuditLog audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ImportRun> Runs { get; private set; } = [];
    public DateTime Now { get; private set; }
    public long MaxMegabytes => runs.MaxBytes / 1024 / 1024;
    public bool Fetch { get; private set; }

    public ImportRun? Running => Runs.FirstOrDefault(r => ImportRuns.IsRunning(r, Now));

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, bool fetch, CancellationToken ct)
    {
        var me = Actor.From(User) ?? throw new InvalidOperationException("The admin pages need a signed-in member.");
        switch (await runs.StartAsync(db, file, fetch, me, ct))
        {
            case Saved<ImportRun> saved:
                await audit.RecordAsync(AuditActions.ImportStarted, saved.Value.FileName, "/admin/import", ct);
                return Redirect($"/admin/import?run={saved.Value.Id}");
            case Invalid<ImportRun> invalid:
                Fetch = fetch;
                await LoadAsync(ct);
                return this.Unprocessable(invalid.Errors);
            default:
                return BadRequest();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Import from WordPress";
        Now = clock.GetUtcNow().UtcDateTime;
        Runs = await ImportRuns.RecentAsync(db, ct);
    }

    public string StateOf(ImportRun run) =>
        ImportRuns.IsRunning(run, Now) ? "running"
        : run.FinishedAt is null ? "stopped before the end (the site was restarted?): start it again to finish it"
        : run.Failed ? "ended early" : "done";
}
