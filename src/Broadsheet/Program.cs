using Broadsheet;
using Broadsheet.Cli;

if (BroadsheetCli.IsCommand(args))
{
    return await BroadsheetCli.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddBroadsheet();

var app = builder.Build();
app.UseBroadsheet();
app.MapBroadsheet();

await app.PrepareAsync(seedDemoContent: true);
await app.RunAsync();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
