using System.Text.Json;

namespace Broadsheet.Tests.Infrastructure;

public static class JsonExtensions
{
    /// <summary>A string property that must be there.</summary>
    public static string Str(this JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new InvalidOperationException($"'{name}' is null in {element}");

    public static int Id(this JsonElement element) => element.GetProperty("id").GetInt32();

    public static IReadOnlyList<string> Strings(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];
}
