using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Broadsheet.Infrastructure;

public static class DataProtectionSetup
{
    /// <summary>
    /// Keys for antiforgery tokens and signed cookies live in the data directory, so they survive restarts
    /// (a reader's held-comment cookie keeps working) and travel with a backup.
    /// </summary>
    public static IServiceCollection AddBroadsheetDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Broadsheet");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<BroadsheetOptions>>((keys, options) =>
            keys.XmlRepository = new FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(options.Value.DataDirectoryFullPath, "keys")), NullLoggerFactory.Instance));
        return services;
    }
}
