using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Broadsheet.Comments;

/// <summary>
/// Emails wait here and a background sender hands them to the SMTP server, so posting a comment never waits on
/// mail. A message that cannot be sent is logged and dropped: notifications are a courtesy, not a record.
/// </summary>
public sealed class MailOutbox(IOptionsMonitor<NotificationsOptions> options, ILogger<MailOutbox> logger, Infrastructure.Metrics.BroadsheetMetrics metrics) : BackgroundService
{
    private readonly Channel<MimeMessage> _queue = Channel.CreateBounded<MimeMessage>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public bool Enabled => options.CurrentValue.Enabled;

    public void Enqueue(string to, string subject, string text)
    {
        if (!Enabled)
        {
            return;
        }
        _queue.Writer.TryWrite(Message(to, subject, text));
    }

    /// <summary>Queues a message built elsewhere (a newsletter's confirmation), From this site's sender.</summary>
    public void Enqueue(MimeMessage message)
    {
        if (!Enabled)
        {
            return;
        }
        if (message.From.Count == 0)
        {
            message.From.Add(Sender);
        }
        _queue.Writer.TryWrite(message);
    }

    /// <summary>Broadsheet:Notifications:From, the site's sender.</summary>
    public MailboxAddress Sender => MailboxAddress.Parse(options.CurrentValue.From);

    /// <summary>A connection to the relay, authenticated when a user is set; the caller sends and disconnects.</summary>
    public static async Task<SmtpClient> ConnectAsync(NotificationsOptions settings, CancellationToken ct)
    {
        var smtp = new SmtpClient { Timeout = 15_000 };
        // No Nagle: each message's short end line would otherwise wait for the relay's delayed ACK (40 ms on Linux),
        // which caps one connection at about 25 messages a second.
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(settings.SmtpHost ?? "localhost", settings.SmtpPort, ct);
            await smtp.ConnectAsync(socket, settings.SmtpHost ?? "localhost", settings.SmtpPort, SecureSocketOptions.Auto, ct);
            if (!string.IsNullOrEmpty(settings.SmtpUser))
            {
                await smtp.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? "", ct);
            }
            return smtp;
        }
        catch
        {
            smtp.Dispose();
            socket.Dispose();
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await TrySendAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        // Shutting down: what is already queued still goes, for as long as the host gives stopping services.
        while (_queue.Reader.TryRead(out var message))
        {
            await TrySendAsync(message, CancellationToken.None);
        }
    }

    /// <summary>Messages waiting to be sent.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>
    /// Sends one message now, past the queue, and says what went wrong if it did not go: the settings page's
    /// "send a test email", whose sender wants the server's own answer.
    /// </summary>
    public async Task<string?> SendNowAsync(string to, string subject, string text, CancellationToken ct)
    {
        if (!Enabled)
        {
            return "No SMTP server is set.";
        }
        MimeMessage message;
        try
        {
            message = Message(to, subject, text);
        }
        catch (ParseException e)
        {
            return $"The sender or the recipient is not an email address ({e.Message}).";
        }
        return (await TrySendAsync(message, ct))?.Message;
    }

    private MimeMessage Message(string to, string subject, string text)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.CurrentValue.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>Sends one message; a failure is logged and counted, and returned for a caller who shows it.</summary>
    private async Task<Exception?> TrySendAsync(MimeMessage message, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled)
        {
            return null;
        }
        try
        {
            using var smtp = await ConnectAsync(settings, ct);
            await smtp.SendAsync(message, ct);
            await smtp.DisconnectAsync(quit: true, ct);
            metrics.Mail(sent: true);
            return null;
        }
        catch (Exception e) when (IsSmtpFailure(e))
        {
            metrics.Mail(sent: false);
            logger.LogWarning(e, "Could not send the email \"{Subject}\".", message.Subject);
            return e;
        }
    }

    /// <summary>What a relay that refuses, fails or cannot be reached throws (not a bug of ours).</summary>
    public static bool IsSmtpFailure(Exception e) =>
        e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
            or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException or TimeoutException;
}
