using Broadsheet.Accounts;

namespace Broadsheet.Cli;

/// <summary>The <c>--name value</c> pairs after a verb.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public static bool TryParse(string[] args, out CliArguments parsed, out string problem)
    {
        parsed = new CliArguments();
        problem = "";
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || args[i].Length == 2)
            {
                problem = $"Unexpected argument '{args[i]}'. Options look like --email someone@example.com; run with --help.";
                return false;
            }
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                problem = $"{args[i]} needs a value.";
                return false;
            }
            parsed._values[args[i][2..]] = args[++i];
        }
        return true;
    }

    public bool TryRole(out UserRole role, out string problem)
    {
        problem = "";
        role = UserRole.Editor;
        if (Get("role") is not { } name || Roles.TryParse(name, out role))
        {
            return true;
        }
        problem = $"--role must be {Roles.NamesForMessages}, not '{name}'.";
        return false;
    }
}
