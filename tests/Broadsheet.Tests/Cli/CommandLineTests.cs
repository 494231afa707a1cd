using System.Net;
using System.Net.Http.Headers;
using Broadsheet.Cli;
using Broadsheet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dataDirectory = BroadsheetApp.NewDataDirectory();

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BroadsheetCli.RunAsync(args, output, error, TestDatabase.Settings(_dataDirectory));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Content_rerender_renders_stored_html_again_with_todays_sanitiser_without_editing_anything()
    {
        int articleId, commentId;
        DateTime? updatedBefore;
        using (var app = BroadsheetApp.With(new Dictionary<string, string?>(), _dataDirectory))
        {
            var article = await app.CreateArticleAsync((await app.CreateSectionAsync()).Str("slug"), new { body = "The quay **reopens** on Monday." });
            articleId = article.Id();
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var (_, comment) = await app.Anonymous().PostCommentAsync(articleId, CommentForms.Comment(comment: "Good news for the ferry."));
            commentId = comment.Id();
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
            // What an older version's sanitiser might have let through and stored.
            var stored = await db.Articles.SingleAsync(a => a.Id == articleId);
            stored.BodyHtml = "<p>The quay reopens.</p><script>alert(1)</script><a href=\"javascript:alert(2)\">more</a>";
            updatedBefore = stored.UpdatedAt;
            (await db.Comments.SingleAsync(c => c.Id == commentId)).BodyHtml = "<p onclick=\"alert(3)\">Good news for the ferry.</p>";
            await db.SaveChangesAsync();
        }

        var (exit, output, _) = await RunAsync("content", "rerender");

        Assert.Equal(0, exit);
        Assert.Contains("1 articles (1 changed)", output);
        Assert.Contains("1 comments (1 changed)", output);
        using var after = BroadsheetApp.With(new Dictionary<string, string?>(), _dataDirectory);
        using var check = after.Services.CreateScope();
        var reread = check.ServiceProvider.GetRequiredService<Broadsheet.Infrastructure.Db.BroadsheetDb>();
        var articleAfter = await reread.Articles.AsNoTracking().SingleAsync(a => a.Id == articleId);
        Assert.Equal("<p>The quay <strong>reopens</strong> on Monday.</p>", articleAfter.BodyHtml.Trim());
        Assert.Equal(updatedBefore, articleAfter.UpdatedAt);
        Assert.DoesNotContain("onclick", (await reread.Comments.AsNoTracking().SingleAsync(c => c.Id == commentId)).BodyHtml);
        Assert.Equal(1, await reread.ArticleRevisions.CountAsync(r => r.ArticleId == articleId));
        var again = await RunAsync("content", "rerender");
        Assert.Contains("1 articles (0 changed)", again.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("help")]
    public async Task Help_lists_the_verbs(string flag)
    {
        var (exit, output, _) = await RunAsync(flag);

        Assert.Equal(0, exit);
        Assert.Contains("user add", output);
        Assert.Contains("token create", output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("user", "remove")]
    [InlineData("user", "add", "--email")]
    [InlineData("user", "add", "stray")]
    [InlineData("token", "create")]
    [InlineData("token", "create", "--name", "desk", "--role", "overlord")]
    public async Task Wrong_arguments_give_a_message_and_exit_code_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task User_add_creates_a_user_once()
    {
        var first = await RunAsync("user", "add", "--email", "Editor@Example.org", "--password", "correct horse battery", "--name", "Desk Editor", "--role", "admin");
        var again = await RunAsync("user", "add", "--email", "editor@example.org", "--password", "another long password");
        var weak = await RunAsync("user", "add", "--email", "weak@example.org", "--password", "short");

        Assert.Equal(0, first.Exit);
        Assert.Contains("administrator editor@example.org", first.Output);
        Assert.Equal(1, again.Exit);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(1, weak.Exit);
        Assert.Contains("at least 12 characters", weak.Error);
    }

    [Fact]
    public async Task User_add_reads_the_password_from_standard_input_so_it_stays_out_of_ps()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader("correct horse battery staple\n");

        var exit = await BroadsheetCli.RunAsync(["user", "add", "--email", "quiet@example.org"], output, error, TestDatabase.Settings(_dataDirectory), input);
        using var app = BroadsheetApp.At(_dataDirectory);
        using var scope = app.Services.CreateScope();
        var signedIn = await scope.ServiceProvider.GetRequiredService<Broadsheet.Accounts.SignIn>().CheckAsync("quiet@example.org", "correct horse battery staple", null, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("editor quiet@example.org", output.ToString());
        Assert.IsType<Broadsheet.Accounts.SignedIn>(signedIn);
    }

    [Fact]
    public async Task A_created_token_authorises_api_writes()
    {
        var (exit, output, _) = await RunAsync("token", "create", "--name", "newsroom app");
        var secret = output.Trim();
        using var app = BroadsheetApp.With(new Dictionary<string, string?> { ["Broadsheet:BootstrapToken"] = null }, _dataDirectory);
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);

        var response = await client.PostAsync("/api/v1/sections", new StringContent("""{"name":"Weather"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(0, exit);
        Assert.StartsWith("bs_", secret);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public void Dispose() => BroadsheetApp.DeleteDataDirectory(_dataDirectory);
}
