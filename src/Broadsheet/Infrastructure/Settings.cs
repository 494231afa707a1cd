using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure;

/// <summary>A settings section and the options class it binds to, so that start-up can check every one.</summary>
public sealed record SettingsSection(string Path, Type OptionsType);

public static class Settings
{
    /// <summary>Binds an options class to its section, validated by its annotations, and checked at start-up.</summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section) where T : class
    {
        services.AddSingleton(new SettingsSection(section, typeof(T)));
        return services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>
    /// Every mistake in the settings, one message each: a key no section has (a misspelling), a value that is not
    /// of its setting's type, and each value its options class refuses. Empty when the site may start.
    /// </summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var sections = services.GetServices<SettingsSection>().ToList();
        var problems = new List<string>();
        foreach (var section in sections)
        {
            problems.AddRange(UnknownKeys(configuration.GetSection(section.Path), section, sections));
            object? bound;
            try
            {
                bound = configuration.GetSection(section.Path).Get(section.OptionsType) ?? Activator.CreateInstance(section.OptionsType);
            }
            catch (InvalidOperationException e)
            {
                problems.Add(e.Message);
                continue;
            }
            problems.AddRange(Refusals(bound!, section.Path));
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        // What the classes' own annotations cannot say (a delegate that reads another setting): the framework's check.
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }
        catch (AggregateException e)
        {
            problems.AddRange(e.InnerExceptions.SelectMany(i => i is OptionsValidationException v ? v.Failures : [i.Message]));
        }
        return problems.Distinct().ToList();
    }

    /// <summary>What an options object's annotations refuse, and those of the groups of settings inside it.</summary>
    private static IEnumerable<string> Refusals(object options, string path)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), results, validateAllProperties: true);
        foreach (var r in results)
        {
            yield return r.ErrorMessage is { } message && message.StartsWith("Broadsheet", StringComparison.Ordinal)
                ? message
                : $"{path}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}";
        }
        foreach (var property in options.GetType().GetProperties())
        {
            if (IsGroup(property.PropertyType) && property.GetIndexParameters().Length == 0 && property.GetValue(options) is { } group)
            {
                foreach (var refusal in Refusals(group, $"{path}:{property.Name}"))
                {
                    yield return refusal;
                }
            }
        }
    }

    private static bool IsGroup(Type type) =>
        type.IsClass && type != typeof(string) && type != typeof(Uri) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && !type.IsAbstract;

    /// <summary>Keys under a section that name no property of its class (nor another section below it).</summary>
    private static IEnumerable<string> UnknownKeys(IConfigurationSection section, SettingsSection settings, List<SettingsSection> all)
    {
        var properties = settings.OptionsType.GetProperties().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            var path = $"{settings.Path}:{child.Key}";
            if (!properties.Contains(child.Key) && !all.Any(s => s.Path.Equals(path, StringComparison.OrdinalIgnoreCase)
                || s.Path.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{path} is not a setting (is it misspelt?).";
            }
            else if (properties.Contains(child.Key)
                && settings.OptionsType.GetProperty(child.Key, System.Reflection.BindingFlags.IgnoreCase | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)?.PropertyType is { } type
                && IsGroup(type))
            {
                foreach (var unknown in UnknownKeys(child, new SettingsSection(path, type), all))
                {
                    yield return unknown;
                }
            }
        }
    }
}
