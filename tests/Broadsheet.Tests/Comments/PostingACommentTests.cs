using System.Net;
using Broadsheet.Comments;
using Broadsheet.Tests.Infrastructure;

namespace Broadsheet.Tests.Comments;

public sealed class PostingACommentTests(BroadsheetApp app) : IClassFixture<BroadsheetApp>
{
    private async Task<string> ArticlePathAsync() =>
        BroadsheetApp.PathOf(await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug")));

    [Fact]
    public async Task The_form_has_the_contract_fields_checkbox_and_notice()
    {
        var page = await HtmlPage.GetAsync(app.Anonymous(), await ArticlePathAsync());

        var form = page.QuerySelector("#commentform");
        Assert.NotNull(form);
        Assert.True(form.HasAttribute("novalidate"));
        Assert.NotNull(form.QuerySelector("textarea[name=comment]"));
        Assert.NotNull(form.QuerySelector("input[name=name]"));
        Assert.NotNull(form.QuerySelector("input[name=email]"));
        Assert.NotNull(form.QuerySelector("input[name=website]"));
        Assert.NotNull(form.QuerySelector("input[name=stamp]"));
        Assert.Equal("Save my name, email, and website in this browser for the next time I comment.", page.QuerySelector("label[for=remember]").Text());
        Assert.Equal("This site uses Broadsheet's own spam filter to reduce spam. Learn how your comment data is processed.",
            string.Join(' ', page.QuerySelector(".spam-notice").Text().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal("/privacy/", page.QuerySelector(".spam-notice a")?.GetAttribute("href"));
        Assert.Equal("No comments yet", page.QuerySelector("#comments-title").Text());
    }

    [Fact]
    public async Task Missing_fields_are_answered_next_to_each_field_and_nothing_is_stored()
    {
        var path = await ArticlePathAsync();
        var reader = app.Anonymous();

        var response = await reader.SubmitCommentAsync(path, new Dictionary<string, string> { ["comment"] = " ", ["name"] = "", ["email"] = "" });
        var page = await CommentForms.ParseAsync(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Please enter your comment!", page.FieldError("comment"));
        Assert.Equal("Please enter your name here", page.FieldError("name"));
        Assert.Equal("You have entered an incorrect email address!", page.FieldError("email"));
        Assert.Equal("No comments yet", page.QuerySelector("#comments-title").Text());
    }

    [Fact]
    public async Task An_invalid_email_keeps_what_was_typed()
    {
        var response = await app.Anonymous().SubmitCommentAsync(await ArticlePathAsync(), CommentForms.Fields("Kept text", email: "not-an-email"));
        var page = await CommentForms.ParseAsync(response);

        Assert.Equal("You have entered an incorrect email address!", page.FieldError("email"));
        Assert.Equal("", page.FieldError("name"));
        Assert.Equal("Kept text", page.QuerySelector("textarea[name=comment]").Text());
        Assert.Equal("not-an-email", page.QuerySelector("#commentform input[name=email]")?.GetAttribute("value"));
    }

    [Theory]
    [InlineData("comment", 65_526, "Please enter your comment!")]
    [InlineData("name", 246, "Please enter your name here")]
    [InlineData("email", 101, "You have entered an incorrect email address!")]
    public async Task Over_long_fields_get_the_fields_message(string field, int length, string message)
    {
        var fields = CommentForms.Fields();
        fields[field] = field == "email" ? new string('a', length - 12) + "@example.org" : new string('a', length);

        var response = await app.Anonymous().SubmitCommentAsync(await ArticlePathAsync(), fields);

        Assert.Equal(message, (await CommentForms.ParseAsync(response)).FieldError(field));
    }

    [Fact]
    public async Task A_post_without_its_antiforgery_token_answers_400()
    {
        var path = await ArticlePathAsync();

        var response = await app.Anonymous().PostAsync($"{path}?handler=comment", new FormUrlEncodedContent(CommentForms.Fields()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_form_token_of_another_article_is_refused_and_what_was_typed_is_kept()
    {
        var path = await ArticlePathAsync();
        var otherPath = await ArticlePathAsync();
        var otherForm = (await HtmlPage.GetAsync(app.Anonymous(), otherPath)).QuerySelector("#commentform input[name=stamp]");
        var fields = CommentForms.Fields("Words worth keeping.");
        fields["stamp"] = otherForm?.GetAttribute("value") ?? "";

        var response = await app.Anonymous().PostAsync($"{path}?handler=comment", new FormUrlEncodedContent(fields));
        var page = await CommentForms.ParseAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(FormStamp.RefusedMessage, page.QuerySelector("#respond .form-error").Text());
        Assert.Equal("Words worth keeping.", page.QuerySelector("#comment")?.TextContent);
    }

    [Theory]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Origin", "https://elsewhere.example")]
    public async Task A_post_sent_by_another_site_is_refused(string header, string value)
    {
        var path = await ArticlePathAsync();
        var reader = app.Anonymous();
        reader.DefaultRequestHeaders.Add(header, value);

        var response = await reader.SubmitCommentAsync(path, CommentForms.Fields());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_post_from_this_site_is_accepted_whatever_the_browser_says_of_it()
    {
        var path = await ArticlePathAsync();
        var reader = app.Anonymous();
        reader.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
        reader.DefaultRequestHeaders.Add("Origin", "http://localhost");

        var response = await reader.SubmitCommentAsync(path, CommentForms.Fields());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task A_held_comment_redirects_to_its_anchor_and_only_its_author_sees_it()
    {
        var path = await ArticlePathAsync();
        var author = app.Anonymous();

        var response = await author.SubmitCommentAsync(path, CommentForms.Fields("My first words here."));
        var authorView = await HtmlPage.GetAsync(author, path);
        var otherView = await HtmlPage.GetAsync(app.Anonymous(), path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Matches($"^{path}#comment-\\d+$", response.Headers.Location?.OriginalString);
        var id = response.Headers.Location!.OriginalString.Split('#')[1];
        Assert.Equal("Your comment is awaiting moderation.", authorView.QuerySelector($"#{id} .awaiting-moderation").Text());
        Assert.Equal("My first words here.", authorView.QuerySelector($"#{id} .comment-content").Text());
        Assert.Null(otherView.QuerySelector($"#{id}"));
        Assert.Equal("No comments yet", authorView.QuerySelector("#comments-title").Text());
    }

    [Fact]
    public async Task An_approved_comment_is_shown_to_everyone_and_counted()
    {
        var path = await ArticlePathAsync();
        var response = await app.Anonymous().SubmitCommentAsync(path, CommentForms.Fields("Worth reading twice."));
        var id = int.Parse(response.Headers.Location!.OriginalString.Split("#comment-")[1], System.Globalization.CultureInfo.InvariantCulture);

        await BroadsheetApp.ExpectJsonAsync(await app.Editor().PostAsync($"/api/v1/comments/{id}/approve", null), 200);
        var page = await HtmlPage.GetAsync(app.Anonymous(), path);

        Assert.Equal("1 comment", page.QuerySelector("#comments-title").Text());
        Assert.Equal("Ada Byrne", page.QuerySelector($"#comment-{id} .comment-author").Text());
        Assert.Equal("Worth reading twice.", page.QuerySelector($"#comment-{id} .comment-content").Text());
        Assert.DoesNotContain("@example.org", page.DocumentElement.OuterHtml);
        Assert.Matches("^/avatars/[0-9a-f]{32}\\.svg$", page.QuerySelector($"#comment-{id} img.avatar")?.GetAttribute("src"));
    }

    [Fact]
    public async Task The_prefill_cookie_is_set_only_when_the_box_is_ticked()
    {
        var path = await ArticlePathAsync();
        var ticked = CommentForms.Fields("Remember me, please.");
        ticked["remember"] = "true";

        var withBox = await app.Anonymous().SubmitCommentAsync(path, ticked);
        var withoutBox = await app.Anonymous().SubmitCommentAsync(path, CommentForms.Fields("Forget me, please."));

        var set = withBox.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CommenterCookie.Name + "=", StringComparison.Ordinal));
        Assert.Contains("Ada%20Byrne", set);
        Assert.DoesNotContain(withoutBox.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith(CommenterCookie.Name + "=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Html_in_a_comment_is_shown_as_text_and_links_are_nofollow_ugc()
    {
        var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"));
        var settings = app.Editor();
        var (_, posted) = await app.Anonymous().PostCommentAsync(article.Id(), CommentForms.Comment(
            comment: "<script>alert(1)</script> <b>bold</b> see https://example.org/report"));
        await settings.PostAsync($"/api/v1/comments/{posted.Id()}/approve", null);

        var page = await HtmlPage.GetAsync(app.Anonymous(), BroadsheetApp.PathOf(article));

        var content = page.QuerySelector($"#comment-{posted.Id()} .comment-content");
        Assert.NotNull(content);
        Assert.Empty(content.QuerySelectorAll("script, b"));
        Assert.Contains("<script>alert(1)</script> <b>bold</b>", content.TextContent);
        Assert.Equal("nofollow ugc", content.QuerySelector("a[href='https://example.org/report']")?.GetAttribute("rel"));
    }
}
