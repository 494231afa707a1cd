using System.Text.Json;
using Broadsheet.Accounts;
using Broadsheet.Comments;
using Broadsheet.Infrastructure.Db;
using Broadsheet.Infrastructure.Db.Postgres;
using Broadsheet.Infrastructure.Problems;
using Microsoft.EntityFrameworkCore;

namespace Broadsheet.Cli;

/// <summary>
/// Verbs after <c>--</c>: <c>dotnet run --project src/Broadsheet -- user add …</c>. They use the same services and
/// settings as the site. Exit codes: 0 done, 1 refused (the message says why), 2 wrong usage.
/// </summary>
public static class BroadsheetCli
{
    public const string Help = """
        Usage: Broadsheet [-- VERB ...]      (no verb: run the site)

        Verbs:
          user add --email EMAIL --password PASSWORD [--name NAME] [--role editor|admin]
                Add a newsroom user who can sign in to the admin. Passwords need 12+ characters.
          token create --name NAME [--role editor|admin] [--user EMAIL]
                Create an API token and print its secret once (only its hash is stored).
          comments export --email EMAIL
                Print, as JSON, every comment and all data stored with it for this email address.
          comments erase --email EMAIL
                Anonymise this commenter's comments: name, email, website, IP hash and user agent go.
          database copy --to-postgres CONNECTION_STRING
                Copy this SQLite site (every table, ids kept) into an empty PostgreSQL database,
                e.g. "Host=db;Database=broadsheet;Username=broadsheet;Password=...". Then run the
                site with Broadsheet__Database__Provider=Postgres (docs/scaling.md).
          --help
                Show this text.

        Settings come from appsettings.json and Broadsheet__* environment variables,
        e.g. Broadsheet__DataDirectory=/srv/news/data.
        """;

    private static readonly HashSet<string> Verbs = ["user", "token", "comments", "database", "help", "--help", "-h"];

    /// <summary>A first argument that is a word (not an option or a Key=Value setting) means a verb.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Verbs.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)));

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null)
    {
        if (args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Help);
            return 0;
        }
        var verb = string.Join(' ', args.Take(2));
        if (verb is not ("user add" or "token create" or "comments export" or "comments erase" or "database copy"))
        {
            await error.WriteLineAsync($"Unknown command '{verb}'. Run with --help to see the verbs.");
            return 2;
        }
        if (!CliArguments.TryParse(args[2..], out var options, out var problem))
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddBroadsheetServices();
        await using var app = builder.Build();
        await using (await DatabaseSetup.StartUpLeaseAsync(app.Services, CancellationToken.None))
        {
            await DatabaseSetup.MigrateAsync(app.Services, CancellationToken.None);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return verb switch
        {
            "user add" => await AddUserAsync(services.GetRequiredService<AccountEditing>(), options, output, error),
            "database copy" => await CopyToPostgresAsync(services.GetRequiredService<BroadsheetDb>(), options, output, error),
            "token create" => await CreateTokenAsync(services.GetRequiredService<AccountEditing>(), services.GetRequiredService<BroadsheetDb>(), options, output, error),
            _ => await CommentDataAsync(verb, services.GetRequiredService<CommentPrivacy>(), options, output, error),
        };
    }

    private static async Task<int> CommentDataAsync(string verb, CommentPrivacy privacy, CliArguments options, TextWriter output, TextWriter error)
    {
        if (options.Get("email") is not { Length: > 0 } email)
        {
            await error.WriteLineAsync("--email is required: whose comment data?");
            return 2;
        }
        if (verb == "comments export")
        {
            var export = await privacy.ExportAsync(email, CancellationToken.None);
            await output.WriteLineAsync(JsonSerializer.Serialize(export, JsonOptions));
            return 0;
        }
        var erased = await privacy.EraseAsync(email, CancellationToken.None);
        await output.WriteLineAsync($"Anonymised {erased} comment{(erased == 1 ? "" : "s")} by {email.Trim().ToLowerInvariant()}.");
        return 0;
    }

    private static async Task<int> CopyToPostgresAsync(BroadsheetDb source, CliArguments options, TextWriter output, TextWriter error)
    {
        if (options.Get("to-postgres") is not { Length: > 0 } target)
        {
            await error.WriteLineAsync("--to-postgres is required: the connection string of the empty PostgreSQL database to copy into.");
            return 2;
        }
        switch (await SqliteToPostgres.CopyAsync(source, target, output, CancellationToken.None))
        {
            case Copied copied:
                await output.WriteLineAsync($"Copied {copied.Tables.Sum(t => t.Rows)} rows in {copied.Tables.Count} tables.");
                return 0;
            case NotCopied refused:
                await error.WriteLineAsync(refused.Reason);
                return 1;
            default:
                return 1;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static async Task<int> AddUserAsync(AccountEditing accounts, CliArguments options, TextWriter output, TextWriter error)
    {
        if (!options.TryRole(out var role, out var roleProblem))
        {
            await error.WriteLineAsync(roleProblem);
            return 2;
        }
        var input = new NewUser { Email = options.Get("email"), Password = options.Get("password"), Name = options.Get("name"), Role = role };
        switch (await accounts.AddUserAsync(input, CancellationToken.None))
        {
            case Saved<User> saved:
                await output.WriteLineAsync($"Added {saved.Value.Role.ToString().ToLowerInvariant()} {saved.Value.Email} (id {saved.Value.Id}).");
                return 0;
            case Invalid<User> invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    await error.WriteLineAsync($"--{field}: {string.Join(" ", messages)}");
                }
                return 1;
            default:
                return 1;
        }
    }

    private static async Task<int> CreateTokenAsync(AccountEditing accounts, BroadsheetDb db, CliArguments options, TextWriter output, TextWriter error)
    {
        if (!options.TryRole(out var role, out var roleProblem))
        {
            await error.WriteLineAsync(roleProblem);
            return 2;
        }
        if (options.Get("name") is not { Length: > 0 } name)
        {
            await error.WriteLineAsync("--name is required: say what the token is for, e.g. --name \"desk app\".");
            return 2;
        }
        int? userId = null;
        if (options.Get("user") is { } email)
        {
            var normalised = email.Trim().ToLowerInvariant();
            userId = await db.Users.Where(u => u.Email == normalised).Select(u => (int?)u.Id).SingleOrDefaultAsync();
            if (userId is null)
            {
                await error.WriteLineAsync($"There is no user with the email {email}.");
                return 1;
            }
        }
        var secret = await accounts.CreateTokenAsync(name, role, userId, CancellationToken.None);
        await output.WriteLineAsync(secret);
        await error.WriteLineAsync("Keep this secret now: it is not stored and cannot be shown again.");
        return 0;
    }
}
