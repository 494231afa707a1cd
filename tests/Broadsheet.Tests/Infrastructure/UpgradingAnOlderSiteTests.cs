using System.Security.Cryptography;
using System.Text;
using Broadsheet.Infrastructure.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// A data directory from before the keys moved into the database (site.key and keys/*.xml beside the SQLite file):
/// the first start moves them in, so stored IP hashes, signed links and cookies made with them stay valid.
/// </summary>
public sealed class UpgradingAnOlderSiteTests
{
    [Fact]
    public void The_old_site_key_and_data_protection_keys_are_moved_into_the_database_and_keep_working()
    {
        var directory = BroadsheetApp.NewDataDirectory();
        Directory.CreateDirectory(directory);
        var oldKey = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(Path.Combine(directory, "site.key"), oldKey);
        // A cookie value protected by the older version, with its key ring on disk.
        var oldProvider = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(directory, "keys")),
            setup => setup.SetApplicationName("Broadsheet"));
        var oldCookie = oldProvider.CreateProtector("Broadsheet.HeldComments").Protect("41,42");

        using (var app = BroadsheetApp.At(directory))
        {
            var keys = app.Services.GetRequiredService<SiteKeys>();
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(oldKey, Encoding.UTF8.GetBytes("ip\n198.51.100.4")).AsSpan(0, 16));
            var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Broadsheet.HeldComments");

            Assert.Equal(expected, keys.IpHash("198.51.100.4"));
            Assert.Equal("41,42", protector.Unprotect(oldCookie));
        }
        BroadsheetApp.DeleteDataDirectory(directory);
    }
}
