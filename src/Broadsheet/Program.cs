using Broadsheet;
using Broadsheet.Cli;

if (BroadsheetCli.IsCommand(args))
{
    return await BroadsheetCli.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddBroadsheet();

var app = builder.Build();
if (Broadsheet.Infrastructure.Settings.Problems(app.Services) is { Count: > 0 } problems)
{
    await Console.Error.WriteLineAsync($"Broadsheet cannot start: {(problems.Count == 1 ? "a setting needs" : $"{problems.Count} settings need")} correcting.");
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync("  - " + problem);
    }
    return 1;
}
app.UseBroadsheet();
app.MapBroadsheet();

await app.PrepareAsync(seedDemoContent: true);
await app.RunAsync();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
