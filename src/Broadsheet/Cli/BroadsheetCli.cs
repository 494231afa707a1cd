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
          user add --email EMAIL [--name NAME] [--role administrator|editor|author|contributor]
                Add a newsroom user who can sign in to the admin. The password (12+ characters) is
                read from standard input (asked for on a terminal), so it stays out of `ps` and the
                shell's history; --password PASSWORD is accepted for scripts that must.
          user role --email EMAIL --role administrator|editor|author|contributor
                Give a user another role. Their admin sessions end; their tokens can do no more
                than the new role allows.
          user remove --email EMAIL
                Remove a user. Their admin sessions end on their next request; their API tokens go.
          user reset-password --email EMAIL
                Set a new password for a user (read from standard input, like user add). Their
                admin sessions end; two-factor sign-in, if on, stays on.
          token create --name NAME [--role administrator|editor|author|contributor] [--user EMAIL] [--expires-days N|never]
                Create an API token and print its secret once (only its hash is stored). It expires
                after 90 days unless --expires-days says otherwise.
          token list
                List the API tokens: id, name, role, user, created, expires, revoked.
          token revoke --id ID
                Revoke an API token at once.
          comments export --email EMAIL
                Print, as JSON, every comment and all data stored with it for this email address.
          comments erase --email EMAIL
                Anonymise this commenter's comments: name, email, website, IP hash and user agent go.
          newsletters export --email EMAIL
                Print, as JSON, what is kept about this newsletter subscriber: lists, dates, emails sent.
          newsletters erase --email EMAIL
                Delete this newsletter subscriber and everything kept with it.
          newsletters stop --email EMAIL[,EMAIL...] [--reason bounce|complaint]
                Stop all newsletter mail to these addresses: what the relay or the mail provider reported
                as bounced (the default) or as a complaint. Also POST /api/v1/newsletters/stops.
          content rerender
                Render every stored article body, static page and comment again with this version's
                Markdown and sanitiser rules (after an upgrade that changed them). Not an edit: no
                revisions, no new dates. Running nodes' cached pages follow within their cache lifetime.
          reindex
                Rebuild the search index from the articles, with a progress bar. Saves keep it up to
                date and the site adds articles it is missing when it starts; this is for the rest
                (a database changed by hand, an engine upgrade). Searches find less until it ends.
          import wxr FILE [--uploads DIR] [--fetch]
                Import a WordPress export (Tools → Export → All content; WXR 1.0, 1.1 or 1.2): authors
                as bylines, categories as sections (nested), tags, posts with their comments, pages.
                Every old permalink and /?p=ID answers with a 301 to the new address. Run it again
                after a newer export: what it imported before is updated, not duplicated.
                Pictures come into the media library (bodies and featured pictures then use them)
                from --uploads, a copy of the old site's wp-content/uploads folder, and with --fetch
                from the old site over HTTP; without either they keep their old addresses.
                A running site shows the new content within its page cache lifetime (60 s), or at
                once when scaled out (the shared cache in Redis is purged).
          database copy --to-postgres CONNECTION_STRING
                Copy this SQLite site (every table, ids kept) into an empty PostgreSQL database,
                e.g. "Host=db;Database=broadsheet;Username=broadsheet;Password=...". Then run the
                site with Broadsheet__Database__Provider=Postgres (docs/scaling.md).
          backup FILE
                Write a consistent copy of this SQLite site's database to FILE while the site runs
                (media/ and custom.css are files: copy the data directory's folders beside it).
                On PostgreSQL it explains pg_dump instead.
          restore FILE
                Replace this site's database with a backup made by `backup`. Stop the site first.
          --help
                Show this text.

        Settings come from appsettings.json and Broadsheet__* environment variables,
        e.g. Broadsheet__DataDirectory=/srv/news/data.
        """;

    private static readonly HashSet<string> Verbs = ["user", "token", "comments", "newsletters", "content", "reindex", "import", "database", "backup", "restore", "help", "--help", "-h"];

    /// <summary>A first argument that is a word (not an option or a Key=Value setting) means a verb.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (Verbs.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].Contains('=', StringComparison.Ordinal)));

    /// <param name="input">Where a password is read from when it is not on the command line (standard input).</param>
    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null, TextReader? input = null)
    {
        if (args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Help);
            return 0;
        }
        var fileVerb = args[0] is "backup" or "restore";
        var verb = fileVerb || args[0] == "reindex" ? args[0] : string.Join(' ', args.Take(2));
        if (verb is not ("reindex" or "user add" or "user role" or "user remove" or "user reset-password" or "token create" or "token list" or "token revoke" or "comments export" or "comments erase" or "newsletters export" or "newsletters erase" or "newsletters stop" or "content rerender" or "import wxr" or "database copy" or "backup" or "restore"))
        {
            await error.WriteLineAsync($"Unknown command '{verb}'. Run with --help to see the verbs.");
            return 2;
        }
        if (fileVerb && args.Length != 2)
        {
            await error.WriteLineAsync($"Usage: {verb} FILE");
            return 2;
        }
        string? importFile = null;
        var fetchUploads = false;
        if (verb == "import wxr")
        {
            fetchUploads = args.Contains("--fetch");
            args = [.. args.Where(a => a != "--fetch")];
            if (args.Length < 3 || args[2].StartsWith("--", StringComparison.Ordinal))
            {
                await error.WriteLineAsync("Usage: import wxr FILE (a WordPress export: Tools → Export → All content).");
                return 2;
            }
            if (!File.Exists(args[2]))
            {
                await error.WriteLineAsync($"There is no file '{args[2]}'.");
                return 1;
            }
            (importFile, args) = (args[2], [args[0], args[1], .. args[3..]]);
        }
        var options = new CliArguments();
        if (!fileVerb && !CliArguments.TryParse(args[(verb.Count(c => c == ' ') + 1)..], out options, out var problem))
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
        builder.Services.AddBroadsheetServices(builder.Configuration);
        await using var app = builder.Build();
        if (fileVerb)
        {
            return await BackupVerbAsync(verb, args[1], app.Services, output, error);
        }
        await using (await DatabaseSetup.StartUpLeaseAsync(app.Services, CancellationToken.None))
        {
            await DatabaseSetup.MigrateAsync(app.Services, CancellationToken.None);
        }
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        return verb switch
        {
            "user add" => await AddUserAsync(services.GetRequiredService<AccountEditing>(), options, input ?? Console.In, output, error),
            "database copy" => await CopyToPostgresAsync(services.GetRequiredService<BroadsheetDb>(), options, output, error),
            "user role" => await WarnOfBootstrapAsync(options, services, error, await ChangeRoleAsync(services.GetRequiredService<AccountEditing>(), options, output, error)),
            "user reset-password" => await ResetPasswordAsync(services.GetRequiredService<AccountEditing>(), options, input ?? Console.In, output, error),
            "user remove" => await WarnOfBootstrapAsync(options, services, error, await RemoveUserAsync(services.GetRequiredService<AccountEditing>(), options, output, error)),
            "token create" => await CreateTokenAsync(services.GetRequiredService<AccountEditing>(), services.GetRequiredService<BroadsheetDb>(), options, output, error),
            "token list" => await ListTokensAsync(services.GetRequiredService<AccountEditing>(), output),
            "content rerender" => await RerenderAsync(services.GetRequiredService<Articles.StoredHtml>(), output),
            "reindex" => await ReindexAsync(services.GetRequiredService<Search.SearchIndex>(), output),
            "import wxr" => await ImportAsync(services.GetRequiredService<Import.WxrImport>(), services.GetRequiredService<Infrastructure.Jobs.Leases>(), importFile!, options, fetchUploads, output, error),
            "newsletters export" or "newsletters erase" or "newsletters stop" => await NewsletterDataAsync(verb, services, options, output, error),
            "token revoke" => await RevokeTokenAsync(services.GetRequiredService<AccountEditing>(), options, output, error),
            _ => await CommentDataAsync(verb, services.GetRequiredService<CommentPrivacy>(), options, output, error),
        };
    }

    private static async Task<int> RerenderAsync(Articles.StoredHtml html, TextWriter output)
    {
        var counts = await html.RerenderAllAsync(null, CancellationToken.None);
        await output.WriteLineAsync($"Rendered again: {counts.Articles} articles ({counts.ArticlesChanged} changed), "
            + $"{counts.Pages} pages ({counts.PagesChanged} changed), {counts.Comments} comments ({counts.CommentsChanged} changed).");
        return 0;
    }

    /// <summary>A progress bar on a terminal; where the output is a file or a pipe (a script, a log), a line per batch instead.</summary>
    private static async Task<int> ReindexAsync(Search.SearchIndex index, TextWriter output)
    {
        var count = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            await Spectre.Console.AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("Indexing articles", maxValue: 1);
                count = await index.RebuildAsync(new SynchronousProgress<(int Done, int Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }), CancellationToken.None);
                task.Value = task.MaxValue;
            });
        }
        else
        {
            count = await index.RebuildAsync(new SynchronousProgress<(int Done, int Total)>(p =>
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Indexing articles: {p.Done:N0} of {p.Total:N0}"))), CancellationToken.None);
        }
        await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Indexed {count:N0} articles for search in {watch.Elapsed.TotalSeconds:0.0} s."));
        return 0;
    }

    /// <summary>A progress bar by bytes read on a terminal, a line per batch elsewhere; then the report. Exit 1 when the file could not be read to its end.</summary>
    private static async Task<int> ImportAsync(
        Import.WxrImport import, Infrastructure.Jobs.Leases leases, string file, CliArguments options, bool fetch, TextWriter output, TextWriter error)
    {
        // One import at a time with the site's: on PostgreSQL the lease is the same advisory lock every node asks for.
        await using var lease = await leases.TryAcquireAsync(Import.ImportRuns.LeaseName, TimeSpan.Zero, CancellationToken.None);
        if (lease is null)
        {
            await error.WriteLineAsync(Import.ImportRuns.LeaseTaken);
            return 1;
        }
        if (options.Get("uploads") is { } uploads && !Directory.Exists(uploads))
        {
            await error.WriteLineAsync($"There is no folder '{uploads}' (--uploads: a copy of the old site's wp-content/uploads).");
            return 1;
        }
        var media = new Import.ImportMedia(options.Get("uploads"), fetch);
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Import.ImportReport report;
        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            report = null!;
            await Spectre.Console.AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Importing {Path.GetFileName(file)}", maxValue: Math.Max(1, stream.Length));
                report = await import.ImportAsync(stream, media, new SynchronousProgress<Import.ImportProgress>(p =>
                {
                    task.Value = p.Bytes;
                    task.Description = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Importing {Path.GetFileName(file)}: {p.Posts:N0} posts");
                }), CancellationToken.None);
                task.Value = task.MaxValue;
            });
        }
        else
        {
            report = await import.ImportAsync(stream, media, new SynchronousProgress<Import.ImportProgress>(p =>
                output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Importing: {p.Posts:N0} posts, {(p.TotalBytes == 0 ? 100 : 100.0 * p.Bytes / p.TotalBytes):0}% of the file"))), CancellationToken.None);
        }
        await output.WriteLineAsync(report.ToString());
        return report.Failure is null ? 0 : 1;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, after the bar has finished).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
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
        await output.WriteLineAsync($"Anonymised {erased} comment{(erased == 1 ? "" : "s")} by {User.NormaliseEmail(email)}.");
        return 0;
    }

    private static async Task<int> NewsletterDataAsync(string verb, IServiceProvider services, CliArguments options, TextWriter output, TextWriter error)
    {
        if (options.Get("email") is not { Length: > 0 } email)
        {
            await error.WriteLineAsync("--email is required: which subscriber?");
            return 2;
        }
        switch (verb)
        {
            case "newsletters export":
                var export = await services.GetRequiredService<Newsletters.NewsletterPrivacy>().ExportAsync(email, CancellationToken.None);
                await output.WriteLineAsync(JsonSerializer.Serialize(export, JsonOptions));
                return 0;
            case "newsletters erase":
                var erased = await services.GetRequiredService<Newsletters.NewsletterPrivacy>().EraseAsync(email, CancellationToken.None);
                await output.WriteLineAsync(erased == 0
                    ? $"There is no subscriber {Newsletters.Subscribing.Normalise(email)}."
                    : $"Erased the subscriber {Newsletters.Subscribing.Normalise(email)} and everything kept with them.");
                return 0;
            default:
                var reason = (options.Get("reason") ?? "bounce").Trim().ToLowerInvariant();
                if (!Newsletters.NewslettersSetup.StopReasons.Contains(reason))
                {
                    await error.WriteLineAsync("--reason is bounce or complaint.");
                    return 2;
                }
                var (stopped, unknown) = await services.GetRequiredService<Newsletters.Subscribing>().StopAsync(email.Split(','), reason, CancellationToken.None);
                await output.WriteLineAsync($"Stopped mail to {stopped} subscriber{(stopped == 1 ? "" : "s")} ({reason}); {unknown} address{(unknown == 1 ? " was" : "es were")} not subscribed.");
                return 0;
        }
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

    private static string ReadHidden()
    {
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        return typed.ToString();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static async Task<int> BackupVerbAsync(string verb, string file, IServiceProvider services, TextWriter output, TextWriter error)
    {
        if (DatabaseSetup.IsPostgres(services))
        {
            await error.WriteLineAsync(Backups.PostgresGuidance);
            return 1;
        }
        var settings = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.BroadsheetOptions>>().Value;
        var database = DatabaseSetup.SqliteConnectionString(settings);
        if (verb == "restore")
        {
            Directory.CreateDirectory(settings.DataDirectoryFullPath);
            var restored = await Backups.RestoreAsync(database, file, CancellationToken.None);
            if (restored is NotBackedUp refused)
            {
                await error.WriteLineAsync(refused.Reason);
                return 1;
            }
            // A backup from an older release is brought up to this one's schema.
            await using (await DatabaseSetup.StartUpLeaseAsync(services, CancellationToken.None))
            {
                await DatabaseSetup.MigrateAsync(services, CancellationToken.None);
            }
            await output.WriteLineAsync($"Restored the database from {file}.");
            return 0;
        }
        switch (await Backups.BackupAsync(database, file, CancellationToken.None))
        {
            case BackedUp done:
                await output.WriteLineAsync($"Backed up the database to {done.File} ({done.Bytes / 1024} KiB).");
                return 0;
            case NotBackedUp refused:
                await error.WriteLineAsync(refused.Reason);
                return 1;
            default:
                return 1;
        }
    }

    private static async Task<int> AddUserAsync(AccountEditing accounts, CliArguments options, TextReader input, TextWriter output, TextWriter error)
    {
        if (!options.TryRole(out var role, out var roleProblem))
        {
            await error.WriteLineAsync(roleProblem);
            return 2;
        }
        var password = await PasswordAsync(options, input, error);
        var newUser = new NewUser { Email = options.Get("email"), Password = password, Name = options.Get("name"), Role = role };
        switch (await accounts.AddUserAsync(newUser, CancellationToken.None))
        {
            case Saved<User> saved:
                await output.WriteLineAsync($"Added {Roles.Name(saved.Value.Role)} {saved.Value.Email} (id {saved.Value.Id}).");
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

    private static async Task<string?> PasswordAsync(CliArguments options, TextReader input, TextWriter error)
    {
        if (options.Get("password") is { } given)
        {
            return given;
        }
        if (!Console.IsInputRedirected && ReferenceEquals(input, Console.In))
        {
            await error.WriteAsync("Password (12+ characters, not shown): ");
            var typed = ReadHidden();
            await error.WriteLineAsync();
            return typed;
        }
        return await input.ReadLineAsync();
    }

    private static async Task<int> ResetPasswordAsync(AccountEditing accounts, CliArguments options, TextReader input, TextWriter output, TextWriter error)
    {
        if (options.Get("email") is not { Length: > 0 } email)
        {
            await error.WriteLineAsync("--email is required: whose password?");
            return 2;
        }
        if (await accounts.FindByEmailAsync(email, CancellationToken.None) is not { } user)
        {
            await error.WriteLineAsync($"There is no user with the email {email}.");
            return 1;
        }
        var password = await PasswordAsync(options, input, error);
        switch (await accounts.ResetPasswordAsync(user.Id, password, password, CancellationToken.None))
        {
            case Saved<User>:
                await output.WriteLineAsync($"{user.Email} has a new password; their admin sessions have ended.");
                return 0;
            case Invalid<User> invalid:
                foreach (var messages in invalid.Errors.Values)
                {
                    await error.WriteLineAsync($"--password: {string.Join(" ", messages)}");
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
            var normalised = User.NormaliseEmail(email);
            userId = await db.Users.Where(u => u.Email == normalised).Select(u => (int?)u.Id).SingleOrDefaultAsync();
            if (userId is null)
            {
                await error.WriteLineAsync($"There is no user with the email {email}.");
                return 1;
            }
        }
        TimeSpan? lifetime = TimeSpan.FromDays(DefaultTokenDays);
        switch (options.Get("expires-days"))
        {
            case null:
                break;
            case "never":
                lifetime = null;
                break;
            case var days when int.TryParse(days, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 3650:
                lifetime = TimeSpan.FromDays(n);
                break;
            case var days:
                await error.WriteLineAsync($"--expires-days must be a number of days from 1 to 3650, or never; not '{days}'.");
                return 2;
        }
        var secret = await accounts.CreateTokenAsync(name, role, userId, lifetime, CancellationToken.None);
        await output.WriteLineAsync(secret);
        await error.WriteLineAsync("Keep this secret now: it is not stored and cannot be shown again."
            + (lifetime is { } l ? $" It expires on {DateTime.UtcNow.Add(l):yyyy-MM-dd}." : " It does not expire."));
        return 0;
    }

    public const int DefaultTokenDays = 90;

    private static async Task<int> ListTokensAsync(AccountEditing accounts, TextWriter output)
    {
        await output.WriteLineAsync("id\tname\trole\tuser\tcreated\texpires\trevoked");
        foreach (var t in await accounts.TokensAsync(CancellationToken.None))
        {
            await output.WriteLineAsync(string.Join('\t',
                t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Name, Roles.Name(t.Role), t.UserEmail ?? "-",
                Day(t.CreatedAt), t.ExpiresAt is { } e ? Day(e) : "never", t.RevokedAt is { } r ? Day(r) : "-"));
        }
        return 0;

        static string Day(DateTime time) => time.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> RevokeTokenAsync(AccountEditing accounts, CliArguments options, TextWriter output, TextWriter error)
    {
        if (!int.TryParse(options.Get("id"), System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            await error.WriteLineAsync("--id is required: the token's id from `token list`.");
            return 2;
        }
        if (!await accounts.RevokeTokenAsync(id, CancellationToken.None))
        {
            await error.WriteLineAsync($"There is no token with the id {id}.");
            return 1;
        }
        await output.WriteLineAsync($"Token {id} is revoked.");
        return 0;
    }

    private static async Task<int> ChangeRoleAsync(AccountEditing accounts, CliArguments options, TextWriter output, TextWriter error)
    {
        if (options.Get("role") is null)
        {
            await error.WriteLineAsync($"--role is required: {Roles.NamesForMessages}.");
            return 2;
        }
        if (!options.TryRole(out var role, out var roleProblem))
        {
            await error.WriteLineAsync(roleProblem);
            return 2;
        }
        if (options.Get("email") is not { Length: > 0 } email)
        {
            await error.WriteLineAsync("--email is required: whose role?");
            return 2;
        }
        if (await accounts.ChangeRoleAsync(email, role, CancellationToken.None) is not { } user)
        {
            await error.WriteLineAsync($"There is no user with the email {email}.");
            return 1;
        }
        await output.WriteLineAsync($"{user.Email} is now {Roles.Name(role)}.");
        return 0;
    }

    /// <summary>Start-up makes sure the bootstrap admin exists as an admin: removing or demoting it lasts until then.</summary>
    private static async Task<int> WarnOfBootstrapAsync(CliArguments options, IServiceProvider services, TextWriter error, int exitCode)
    {
        var bootstrap = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.BroadsheetOptions>>().Value.BootstrapAdmin.Email;
        if (exitCode == 0 && bootstrap is { Length: > 0 } && string.Equals(bootstrap.Trim(), options.Get("email")?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            await error.WriteLineAsync("Note: this is Broadsheet__BootstrapAdmin__Email, so the next start makes it an admin again with that password. Unset the setting to keep this change.");
        }
        return exitCode;
    }

    private static async Task<int> RemoveUserAsync(AccountEditing accounts, CliArguments options, TextWriter output, TextWriter error)
    {
        if (options.Get("email") is not { Length: > 0 } email)
        {
            await error.WriteLineAsync("--email is required: whom to remove?");
            return 2;
        }
        if (!await accounts.RemoveUserAsync(email, CancellationToken.None))
        {
            await error.WriteLineAsync($"There is no user with the email {email}.");
            return 1;
        }
        await output.WriteLineAsync($"Removed {User.NormaliseEmail(email)}; their sessions end and their tokens are gone.");
        return 0;
    }
}
