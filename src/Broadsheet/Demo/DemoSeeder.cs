using Broadsheet.Accounts;
using Broadsheet.Articles;
using Broadsheet.Authors;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Problems;
using Broadsheet.Sections;
using Broadsheet.StaticPages;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Demo;

/// <summary>
/// Fills a new, empty site with the demo newsroom through the same editing rules the API uses, so what a new user
/// sees is what the product makes. Broadsheet__SeedDemoContent=false turns it off.
/// </summary>
public sealed class DemoSeeder(
    BroadsheetDb db, SectionEditing sections, ArticleEditing articles, StaticPageEditing pages, Media.MediaLibrary media,
    TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Sections.AnyAsync(ct) || await db.Articles.AnyAsync(ct))
        {
            return;
        }
        var position = 0;
        foreach (var section in DemoNewsroom.Sections)
        {
            Expect(await sections.CreateAsync(new SectionInput { Name = section.Name, Slug = section.Slug, Parent = section.ParentSlug, Position = position++ }, ct));
        }
        foreach (var author in DemoNewsroom.Authors)
        {
            db.Authors.Add(new Author { Name = author.Name, Slug = Infrastructure.Text.Slug.From(author.Name), Bio = author.Bio });
        }
        await db.SaveChangesAsync(ct);
        foreach (var page in DemoNewsroom.Pages)
        {
            Expect(await pages.CreateAsync(new StaticPageInput { Title = page.Title, Slug = page.Slug, Body = page.Body }, ct));
        }
        var now = clock.GetUtcNow();
        var demo = DemoNewsroom.Articles();
        var photos = new Dictionary<(DemoScene, int), int>();
        var perSection = new Dictionary<string, int>();
        foreach (var article in demo.OrderByDescending(a => a.Age))
        {
            var scene = DemoPhotos.SceneFor(article.SectionSlug);
            var nth = perSection[article.SectionSlug] = perSection.GetValueOrDefault(article.SectionSlug) + 1;
            var photo = await PhotoAsync(photos, scene, nth % PhotosPerScene, ct);
            var created = await articles.CreateAsync(new ArticleInput
            {
                Title = article.Title,
                Dek = article.Dek,
                Body = article.Body,
                Section = article.SectionSlug,
                Tags = article.Tags,
                Authors = article.Authors,
                Status = "published",
                PublishedAt = now - article.Age,
                FeaturedImage = photo,
            }, Actor.Site, ct);
            Expect(created);
            if (created is Saved<Article> saved && article.Age < TimeSpan.FromDays(7))
            {
                AddDemoReadership(saved.Value, now.UtcDateTime);
                await db.SaveChangesAsync(ct);
            }
            db.ChangeTracker.Clear();
        }
        logger.LogInformation("Seeded the demo newsroom: {Sections} sections, {Articles} articles, {Photos} pictures.", DemoNewsroom.Sections.Count, demo.Count, photos.Count);
    }

    /// <summary>Pictures drawn for each kind of scene; the articles of a section take turns with them.</summary>
    private const int PhotosPerScene = 2;

    /// <summary>The media library's id of a generated picture, drawn and uploaded the first time it is asked for.</summary>
    private async Task<int> PhotoAsync(Dictionary<(DemoScene, int), int> made, DemoScene scene, int variant, CancellationToken ct)
    {
        if (made.TryGetValue((scene, variant), out var id))
        {
            return id;
        }
        var photo = DemoPhotos.Make(scene, variant);
        using var stream = new MemoryStream(photo.Jpeg);
        var file = new FormFile(stream, 0, photo.Jpeg.Length, "file", photo.FileName);
        var uploaded = await media.UploadAsync(file, new Media.MediaDetails(photo.Alt, photo.Caption, DemoPhotos.Credit), Actor.Site, ct);
        Expect(uploaded);
        return made[(scene, variant)] = ((Saved<Media.MediaItem>)uploaded).Value.Id;
    }

    /// <summary>A week of made-up readership, so a new site's Most Popular list is not empty.</summary>
    private void AddDemoReadership(Article article, DateTime now)
    {
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var interest = 20 + (article.Title.Length * 37 % 400);
        db.ArticleViews.Add(new Popular.ArticleViewBucket { ArticleId = article.Id, HourStart = hour, Views = interest });
    }

    private static void Expect<T>(EditResult<T> result)
    {
        if (result is Invalid<T> invalid)
        {
            var messages = invalid.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));
            throw new InvalidOperationException("The demo content broke an editing rule: " + string.Join("; ", messages));
        }
    }
}
