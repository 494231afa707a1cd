using System.ComponentModel.DataAnnotations;

namespace Broadsheet.Security;

/// <summary>
/// Bound from "Broadsheet:RateLimits": how many requests of each kind one client may make in a window. Clients are
/// counted by address (an IPv6 address by its /64, which one subscriber usually holds whole) and API calls with a
/// token by the token. With Redis the counts are shared by every node.
/// </summary>
public sealed class RateLimitsOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Comment posts, through the form or the API, per address. Flood control (one per 15 s per reader) runs besides.</summary>
    public Limit Comments { get; set; } = new() { Permits = 20, WindowSeconds = 600 };

    /// <summary>Newsletter sign-ups from one address: each may send a confirmation email to someone.</summary>
    public Limit SignUps { get; set; } = new() { Permits = 20, WindowSeconds = 600 };

    /// <summary>Sign-in attempts per address; the account's own lock-out runs besides.</summary>
    public Limit SignIn { get; set; } = new() { Permits = 10, WindowSeconds = 300 };

    /// <summary>"Forgot your password?" requests per address: each may send an email, so few.</summary>
    public Limit PasswordReset { get; set; } = new() { Permits = 5, WindowSeconds = 3600 };

    /// <summary>Search pages that are not already cached, per address.</summary>
    public Limit Search { get; set; } = new() { Permits = 60, WindowSeconds = 60 };

    /// <summary>Feeds that are not already cached, per address.</summary>
    public Limit Feeds { get; set; } = new() { Permits = 120, WindowSeconds = 60 };

    /// <summary>API calls, per token (or per address without one).</summary>
    public Limit Api { get; set; } = new() { Permits = 600, WindowSeconds = 60 };

    public sealed class Limit
    {
        [Range(1, 1_000_000)]
        public int Permits { get; set; }

        [Range(1, 86_400)]
        public int WindowSeconds { get; set; }
    }
}
