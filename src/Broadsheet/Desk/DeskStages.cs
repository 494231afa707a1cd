using Broadsheet.Articles;
using Microsoft.Extensions.Options;

namespace Broadsheet.Desk;

/// <summary>The desk's stages as the settings name them: which comes first, which is review and which approval.</summary>
public sealed class DeskStages(IOptionsMonitor<WorkflowOptions> options)
{
    public const int MaxLength = 60;

    public IReadOnlyList<string> All => options.CurrentValue.EffectiveStages;
    public string First => All[0];
    public string Approval => All[^1];
    public string Review => All[^2];
    public bool AuthorsNeedApproval => options.CurrentValue.AuthorsNeedApproval;

    /// <summary>The stage of an article: a stage renamed in the settings since keeps its old name until someone moves it.</summary>
    public string Of(Article article) => article.Stage ?? First;

    /// <summary>The stage's name as the settings spell it, or null when there is no such stage.</summary>
    public string? Find(string name) => All.FirstOrDefault(s => string.Equals(s, name.Trim(), StringComparison.OrdinalIgnoreCase));

    public string UnknownMessage => $"Stage must be one of: {string.Join(", ", All)}.";
}
