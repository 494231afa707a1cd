using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Broadsheet.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd (./test.sh installs it), saving every message it
/// receives into a Maildir this fixture reads. Started per test class, stopped by its process id.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private readonly Process _process;
    private readonly string _maildir = Path.Combine(Path.GetTempPath(), "broadsheet-tests", "mail-" + Guid.NewGuid().ToString("N"));

    public SmtpServer()
    {
        Port = FreePort();
        _process = Process.Start(new ProcessStartInfo("/usr/bin/python3",
            ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", _maildir])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("Could not start python3 -m aiosmtpd (apt-get install python3-aiosmtpd).");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Accepts(Port))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("aiosmtpd did not start: " + (_process.HasExited ? _process.StandardError.ReadToEnd() : "timed out"));
            }
            Thread.Sleep(100);
        }
    }

    public int Port { get; }

    /// <summary>Waits (up to 10 s) until <paramref name="count"/> messages to <paramref name="address"/> have arrived, and returns them.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesToAsync(string address, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var messages = MessagesTo(address);
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }
            await Task.Delay(100);
        }
    }

    public IReadOnlyList<MimeMessage> MessagesTo(string address) =>
        [.. Read().Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)))];

    public IReadOnlyList<MimeMessage> Read()
    {
        var folder = Path.Combine(_maildir, "new");
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))]
            : [];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        if (Directory.Exists(_maildir))
        {
            Directory.Delete(_maildir, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
