using Broadsheet.Articles;
using Broadsheet.Sections;

namespace Broadsheet.Site;

/// <summary>Home &gt; Section &gt; … &gt; current: every crumb but the last is a link (PRODUCT.md).</summary>
public sealed record Breadcrumb(IReadOnlyList<NamedLink> Links, string Current)
{
    public static Breadcrumb Through(IEnumerable<SectionNode> sections, string current) =>
        new([.. sections.Select(s => new NamedLink(s.Name, s.Url))], current);
}
