using System.Globalization;
using System.Text;

namespace Broadsheet.Demo;

/// <summary>A section of the demo site.</summary>
/// <param name="Name">The section's display name.</param>
/// <param name="Slug">The section's URL slug.</param>
/// <param name="ParentSlug">The parent section's slug, or null for a top-level section.</param>
public sealed record DemoSection(string Name, string Slug, string? ParentSlug);

/// <summary>An invented journalist who writes for the demo site.</summary>
/// <param name="Name">The author's byline.</param>
/// <param name="Bio">A one-sentence biography.</param>
public sealed record DemoAuthor(string Name, string Bio);

/// <summary>A static page of the demo site.</summary>
/// <param name="Title">The page title.</param>
/// <param name="Slug">The page's URL slug.</param>
/// <param name="Body">The page body as Markdown.</param>
public sealed record DemoPage(string Title, string Slug, string Body);

/// <summary>An article of the demo site.</summary>
/// <param name="Title">The headline.</param>
/// <param name="Dek">A one-sentence summary shown under the headline.</param>
/// <param name="Body">The article body as Markdown.</param>
/// <param name="SectionSlug">The slug of the article's section.</param>
/// <param name="Tags">Two to four tag names.</param>
/// <param name="Authors">One or two author names, each one of <see cref="DemoNewsroom.Authors"/>.</param>
/// <param name="Age">How long before "now" the article was published.</param>
public sealed record DemoArticle(
    string Title, string Dek, string Body,
    string SectionSlug, IReadOnlyList<string> Tags, IReadOnlyList<string> Authors,
    TimeSpan Age);

/// <summary>
/// Believable, entirely invented content for a brand-new site: sections, authors, static pages and forty-six
/// articles. Every person, organisation and town in the articles is fictional; bodies are composed from
/// handwritten story outlines and paragraph templates, chosen by a fixed-seed generator so the output never changes.
/// </summary>
public static partial class DemoNewsroom
{
    private const ulong Seed = 20260101;

    /// <summary>Minutes between "now" and the oldest article: 35 days.</summary>
    private const int OldestMinutes = 35 * 24 * 60;

    private const int NewestMinutes = 60;

    /// <summary>The site's sections; a parent is always listed before its children.</summary>
    public static IReadOnlyList<DemoSection> Sections { get; } =
    [
        new("Europe", "europe", null),
        new("Russia", "russia", "europe"),
        new("Asia", "asia", null),
        new("Americas", "americas", null),
        new("Business", "business", null),
        new("Markets", "markets", "business"),
        new("Science", "science", null),
        new("Opinion", "opinion", null),
    ];

    /// <summary>The newsroom's journalists.</summary>
    public static IReadOnlyList<DemoAuthor> Authors { get; } =
    [
        new("Clara Vennick", "Clara Vennick is Broadsheet's Europe correspondent and has reported from more than thirty countries on elections, energy and the politics of infrastructure."),
        new("Nadia Korsunova", "Nadia Korsunova covers Russia and the wider region, with a particular interest in regional economies, transport and the lives of small towns far from the capital."),
        new("Rohan Mehta-Lowe", "Rohan Mehta-Lowe is Broadsheet's Asia correspondent, writing about climate adaptation, labour and trade from a base in Singapore."),
        new("Lucía Arbeláez", "Lucía Arbeláez reports on the Americas from Bogotá and previously spent eight years covering water, mining and local democracy in the Andes."),
        new("Owen Calloway", "Owen Calloway is Broadsheet's business and markets editor and a former bond trader who still reads central bank minutes for pleasure."),
        new("Ingrid Solheim", "Ingrid Solheim is Broadsheet's science correspondent, trained as a marine biologist before she decided she preferred asking questions to answering reviewers."),
    ];

    /// <summary>The site's static pages: "About us" and "Contact".</summary>
    public static IReadOnlyList<DemoPage> Pages { get; } =
    [
        new("About us", "about", AboutBody),
        new("Contact", "contact", ContactBody),
    ];

    private const string AboutBody = """
        Broadsheet is an independent newsroom covering international affairs, business and science for readers who want depth without the noise. We publish fewer stories than most news sites, and we try to make each one worth the time it takes to read.

        ## What we cover

        - **Europe, Asia and the Americas**: the decisions that shape daily life, from flood defences and border rules to hospitals, buses and broadband, reported from the towns where they land.
        - **Business and markets**: companies, industries and the financial system, explained for readers who do not work in them.
        - **Science**: new research, told with its caveats intact.
        - **Opinion**: signed arguments from our correspondents, clearly labelled and kept apart from our news reporting.

        ## How we work

        Our reporters go to the places they write about and talk to the people affected, not only to officials. We name our sources wherever we can, and when we cannot we explain why. We correct mistakes promptly and say so at the end of the article concerned.

        Broadsheet is funded by its readers. We carry no advertising and accept no payment for coverage.

        ## Who we are

        A small team of correspondents and editors: Clara Vennick (Europe), Nadia Korsunova (Russia), Rohan Mehta-Lowe (Asia), Lucía Arbeláez (the Americas), Owen Calloway (business and markets) and Ingrid Solheim (science).

        > **About this demo.** Everything on this site is demonstration content for the Broadsheet publishing platform. The articles, the people quoted in them, their organisations and most of the towns are invented; any resemblance to real people or events is coincidental. Delete these pages and articles whenever you are ready to publish your own.
        """;

    private const string ContactBody = """
        We read everything that is sent to us, although we cannot always reply.

        ## News tips

        If you have information you think we should investigate, write to **tips@broadsheet.example**. Tell us what you know, how you know it and how we can reach you. We never reveal a confidential source.

        ## Corrections

        If you believe we have made a factual error, write to **corrections@broadsheet.example** with a link to the article and a short explanation. We aim to respond within two working days.

        ## Letters and general enquiries

        | Topic | Email |
        |---|---|
        | Letters for publication | letters@broadsheet.example |
        | Subscriptions and accounts | readers@broadsheet.example |
        | Everything else | newsroom@broadsheet.example |

        ## By post or phone

        Broadsheet Newsroom, 14 Ropewalk Lane, Harbourside HS1 4RW

        Telephone: +44 20 7946 0123 (weekdays, 9am to 6pm)
        """;

    /// <summary>
    /// The demo articles: the same titles, bodies and ages on every call. Ages run from an hour to 35 days, all
    /// distinct and denser towards the present; every section, including the nested ones, has several articles.
    /// </summary>
    public static IReadOnlyList<DemoArticle> Articles()
    {
        var random = new Repeatable(Seed);
        var usage = new Dictionary<string, int>(StringComparer.Ordinal);
        var ages = Ages(Stories.Length, random);
        var articles = new List<DemoArticle>(Stories.Length);
        for (var i = 0; i < Stories.Length; i++)
        {
            var story = Stories[i];
            var authors = story.AuthorCodes.Split(',', StringSplitOptions.TrimEntries).Select(AuthorName).ToArray();
            var tags = story.Tags.Split(',', StringSplitOptions.TrimEntries);
            articles.Add(new DemoArticle(story.Title, story.Dek, Compose(story, random, usage), story.Section, tags, authors, ages[i]));
        }
        return articles;
    }

    private static string AuthorName(string code) => code switch
    {
        "cv" => "Clara Vennick",
        "nk" => "Nadia Korsunova",
        "rm" => "Rohan Mehta-Lowe",
        "la" => "Lucía Arbeláez",
        "oc" => "Owen Calloway",
        "is" => "Ingrid Solheim",
        _ => throw new InvalidOperationException("Unknown author code: " + code),
    };

    /// <summary>
    /// Distinct ages from an hour to 35 days, denser towards the present as on a real site, then shuffled.
    /// </summary>
    private static TimeSpan[] Ages(int count, Repeatable random)
    {
        var baseline = new int[count];
        for (var k = 0; k < count; k++)
        {
            var fraction = count > 1 ? (double)k / (count - 1) : 0;
            baseline[k] = NewestMinutes + (int)Math.Round((OldestMinutes - NewestMinutes) * Math.Pow(fraction, 1.4));
        }
        var ages = new TimeSpan[count];
        for (var k = 0; k < count; k++)
        {
            var jitter = k > 0 && k < count - 1 ? random.Next(Math.Max(1, (baseline[k + 1] - baseline[k]) / 3)) : 0;
            ages[k] = TimeSpan.FromMinutes(baseline[k] + jitter);
        }
        for (var k = count - 1; k > 0; k--)
        {
            var j = random.Next(k + 1);
            (ages[k], ages[j]) = (ages[j], ages[k]);
        }
        return ages;
    }

    /// <summary>
    /// Lede, why it matters, background, then two to four quotes (official, critic, expert, the official again),
    /// each followed by a paragraph of analysis, with context paragraphs between them and an outlook to close.
    /// </summary>
    private static string Compose(Story story, Repeatable random, Dictionary<string, int> usage)
    {
        var register = RegisterOf(story.Section);
        var values = Values(story, random);
        var speakers = Speakers(story.Speakers);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var roll = random.Next(10);
        var quoteCount = roll < 2 ? 2 : roll < 8 ? 3 : 4;
        var withSubheading = random.Next(5) > 0;

        string Next(string[] pool, char role = ' ') => Fill(Pick(pool, register, role, random, usage, taken), values);

        string Quote(Speaker speaker, string[] intros, string[] quotes, char role)
        {
            values["weekday"] = Weekdays[random.Next(Weekdays.Length)];
            values["who"] = speaker.Name;
            values["role"] = speaker.Role;
            values["last"] = speaker.Short;
            var intro = Next(intros);
            var quote = Next(quotes);
            var analysis = Next(Analysis, role);
            return intro + "\n\n> " + quote + "\n\n" + analysis;
        }

        var parts = new List<string> { story.Lede, Next(Stakes), Next(Backgrounds) };
        if (quoteCount == 2)
        {
            parts.Add(Next(Contexts));
        }
        parts.Add(Quote(speakers[0], Intros, OfficialQuotes, 'o'));
        parts.Add(Next(Contexts));
        if (story.Table is not null)
        {
            parts.Add(Table(story.Table));
        }
        if (withSubheading)
        {
            parts.Add("## " + Next(Subheadings));
        }
        parts.Add(Quote(speakers[1], ContrastIntros, CriticQuotes, 'c'));
        parts.Add(Next(Contexts));
        if (quoteCount >= 3)
        {
            parts.Add(Quote(speakers[2], Intros, ExpertQuotes, 'e'));
        }
        parts.Add(Next(Contexts));
        if (quoteCount >= 4)
        {
            parts.Add(Quote(speakers[0], FollowIntros, OfficialQuotes, 'o'));
        }
        parts.Add(Next(Outlooks));
        if (story.Note is not null)
        {
            parts.Add("[^1]: " + story.Note);
        }
        return string.Join("\n\n", parts) + "\n";
    }

    /// <summary>N news, B business, M markets, S science, O opinion: which templates suit the story.</summary>
    private static char RegisterOf(string section) => section switch
    {
        "business" => 'B',
        "markets" => 'M',
        "science" => 'S',
        "opinion" => 'O',
        _ => 'N',
    };

    private static Dictionary<string, string> Values(Story story, Repeatable random)
    {
        var setting = story.Setting.Split(';', StringSplitOptions.TrimEntries);
        if (setting.Length != 7)
        {
            throw new InvalidOperationException("A story setting needs seven parts: " + story.Title);
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["place"] = setting[0],
            ["country"] = setting[1],
            ["topic"] = setting[2],
            ["issue"] = setting[3],
            ["org"] = setting[4],
            ["group"] = setting[5],
            ["figure"] = setting[6],
            ["weekday"] = Weekdays[random.Next(Weekdays.Length)],
            ["months"] = MonthCounts[random.Next(MonthCounts.Length)],
            ["pct"] = (9 + random.Next(30)).ToString(CultureInfo.InvariantCulture),
            ["pct2"] = (41 + random.Next(32)).ToString(CultureInfo.InvariantCulture),
            ["small"] = ((11 + random.Next(58)) / 10.0).ToString("0.0", CultureInfo.InvariantCulture),
            ["count"] = ((12 + random.Next(170)) * 100).ToString("N0", CultureInfo.InvariantCulture),
            ["crowd"] = ((12 + random.Next(37)) * 10).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var key in (string[])["place", "country", "topic", "issue", "org", "group"])
        {
            values[Capitalised(key)] = Capitalised(values[key]);
        }
        return values;
    }

    private static Speaker[] Speakers(string text)
    {
        var speakers = text.Split(';', StringSplitOptions.TrimEntries)
            .Select(s => s.Split('|', StringSplitOptions.TrimEntries))
            .Select(p => p.Length == 3 ? new Speaker(p[0], p[1], p[2]) : throw new InvalidOperationException("A speaker needs name|short|role: " + string.Join('|', p)))
            .ToArray();
        return speakers.Length == 3 ? speakers : throw new InvalidOperationException("A story needs three speakers: " + text);
    }

    /// <summary>"Caption.;Head|Head;Cell|Cell" to a caption paragraph and a pipe table.</summary>
    private static string Table(string compact)
    {
        var rows = compact.Split(';', StringSplitOptions.TrimEntries);
        var builder = new StringBuilder();
        builder.Append(rows[0]).Append("\n\n");
        for (var r = 1; r < rows.Length; r++)
        {
            var cells = rows[r].Split('|', StringSplitOptions.TrimEntries);
            builder.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
            if (r == 1)
            {
                builder.Append('|').AppendJoin('|', cells.Select(_ => "---")).Append("|\n");
            }
        }
        return builder.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// Picks one template that suits the register (and, when the mask names roles, the speaker's role), preferring
    /// the least used so far and never repeating a template within one article.
    /// </summary>
    private static string Pick(string[] pool, char register, char role, Repeatable random, Dictionary<string, int> usage, HashSet<string> taken)
    {
        var candidates = new List<string>();
        var fewest = int.MaxValue;
        foreach (var template in pool)
        {
            if (!Fits(template, register, role) || taken.Contains(template))
            {
                continue;
            }
            var used = usage.GetValueOrDefault(template);
            if (used < fewest)
            {
                fewest = used;
                candidates.Clear();
            }
            if (used == fewest)
            {
                candidates.Add(template);
            }
        }
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException("No template fits register " + register + " and role " + role + ".");
        }
        var chosen = candidates[random.Next(candidates.Count)];
        usage[chosen] = fewest + 1;
        taken.Add(chosen);
        return chosen[(chosen.IndexOf('|') + 1)..];
    }

    /// <summary>A template starts with a mask such as "NOBc|": registers in capitals, roles (o, c, e) in lower case.</summary>
    private static bool Fits(string template, char register, char role)
    {
        var mask = template.AsSpan(0, template.IndexOf('|'));
        if (!mask.Contains(register))
        {
            return false;
        }
        return mask.IndexOfAny('o', 'c', 'e') < 0 || mask.Contains(role);
    }

    /// <summary>Replaces each {key} with its value; a capitalised key gives the capitalised value.</summary>
    private static string Fill(string template, Dictionary<string, string> values)
    {
        var builder = new StringBuilder(template.Length + 80);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                builder.Append(template, position, template.Length - position);
                break;
            }
            var close = template.IndexOf('}', open);
            var key = template[(open + 1)..close];
            if (!values.TryGetValue(key, out var value))
            {
                throw new InvalidOperationException("Unknown placeholder: " + key);
            }
            builder.Append(template, position, open - position).Append(value);
            position = close + 1;
        }
        return builder.ToString();
    }

    private static string Capitalised(string text)
    {
        if (text.Length == 0 || char.IsUpper(text[0]))
        {
            return text;
        }
        var chars = text.ToCharArray();
        chars[0] = char.ToUpperInvariant(chars[0]);
        return new string(chars);
    }

    private sealed record Speaker(string Name, string Short, string Role);

    /// <summary>A handwritten story outline; see DemoNewsroom.Text.cs.</summary>
    /// <param name="Setting">"place;country;topic;issue;org;group;figure".</param>
    /// <param name="Speakers">Three "Full Name|Surname|role" entries: an official, a critic and an expert.</param>
    /// <param name="Table">An optional "Caption.;Head|Head;Cell|Cell" table.</param>
    /// <param name="Note">An optional footnote, referenced as [^1] in the lede.</param>
    private sealed record Story(
        string Section, string Title, string Dek, string AuthorCodes, string Tags,
        string Setting, string Speakers, string Lede, string? Table = null, string? Note = null);

    /// <summary>SplitMix64: a tiny generator whose sequence for a seed never changes across runtimes.</summary>
    private sealed class Repeatable(ulong seed)
    {
        private ulong _state = seed;

        public int Next(int maxExclusive)
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z % (ulong)maxExclusive);
        }
    }
}
