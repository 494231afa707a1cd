using System.Globalization;

namespace Broadsheet.SiteSettings;

/// <summary>A form's text for a field, as the configuration keys and values to store: none for the default.</summary>
public static class SettingParsing
{
    /// <summary>The field's message when the text cannot be such a value; else null, with the values to store.</summary>
    public static string? Parse(SettingField field, string? raw, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = (raw ?? "").Trim();
        var nullable = Nullable.GetUnderlyingType(field.Options.GetProperty(field.Property)!.PropertyType) is not null
            || !field.Options.GetProperty(field.Property)!.PropertyType.IsValueType;
        switch (field.Kind)
        {
            case FieldKind.OnOff:
                text = text == "true" ? "true" : "false";
                break;
            case FieldKind.WholeNumber:
                if (text.Length == 0 && nullable)
                {
                    break;
                }
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    return text.Length == 0 ? "Please give a number." : $"“{text}” is not a whole number.";
                }
                text = number.ToString(CultureInfo.InvariantCulture);
                break;
            case FieldKind.Fraction:
                if (!double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction))
                {
                    return text.Length == 0 ? "Please give a number." : $"“{text}” is not a number (e.g. 0.95).";
                }
                text = fraction.ToString(CultureInfo.InvariantCulture);
                break;
            case FieldKind.Address:
                if (text.Length > 0 && !IsAddress(text))
                {
                    return "Please give an address starting with https:// (or /, on this site).";
                }
                break;
            case FieldKind.Lines:
                var lines = Lines(text);
                for (var i = 0; i < lines.Count; i++)
                {
                    values[$"{field.Key}:{i}"] = lines[i];
                }
                return null;
            case FieldKind.Menu:
                var items = Lines(text);
                for (var i = 0; i < items.Count; i++)
                {
                    var bar = items[i].LastIndexOf('|');
                    var (title, url) = bar < 0 ? ("", "") : (items[i][..bar].Trim(), items[i][(bar + 1)..].Trim());
                    if (title.Length == 0 || url.Length == 0)
                    {
                        return $"Line {i + 1}: please write it as “Title | /address”.";
                    }
                    if (!IsAddress(url))
                    {
                        return $"Line {i + 1}: “{url}” is not an address (start it with / or https://).";
                    }
                    values[$"{field.Key}:{i}:Title"] = title;
                    values[$"{field.Key}:{i}:Url"] = url;
                }
                return null;
        }
        if (field.Kind == FieldKind.Secret || text != field.DefaultText)
        {
            values[field.Key] = text;
        }
        return null;
    }

    private static List<string> Lines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static bool IsAddress(string text) =>
        text.StartsWith('/') && !text.StartsWith("//", StringComparison.Ordinal)
        || Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";
}
