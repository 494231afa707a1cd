// The second baseline of bench/bare-compare: a Kestrel app with nothing but one file's bytes, answered from memory
// to every request. What a page served by ASP.NET Core can cost at least, outside Broadsheet's process, its settings
// and its pipeline. Started as: dotnet Bare.dll --file PAGE.html --urls http://127.0.0.1:PORT
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var page = File.ReadAllBytes(app.Configuration["file"] ?? throw new InvalidOperationException("--file PAGE.html is required."));
app.Run(http =>
{
    http.Response.ContentType = "text/html; charset=utf-8";
    http.Response.ContentLength = page.Length;
    return http.Response.Body.WriteAsync(page, http.RequestAborted).AsTask();
});
app.Run();
