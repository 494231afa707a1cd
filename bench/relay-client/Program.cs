// The relay's own accept rate, the baseline of bench/newsletters: COUNT messages of SIZE bytes of HTML, each with
// its own recipient, handed to the relay at HOST:PORT over one connection as fast as it takes them, by the same
// MailKit client Broadsheet uses. Prints messages a second.
using System.Diagnostics;
using System.Globalization;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

var host = args[0];
var port = int.Parse(args[1], CultureInfo.InvariantCulture);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var size = int.Parse(args[3], CultureInfo.InvariantCulture);
var html = "<!DOCTYPE html><html><body>" + new string('x', Math.Max(0, size - 40)) + "</body></html>";
using var smtp = new SmtpClient();
// As Broadsheet connects (MailOutbox.ConnectAsync): without Nagle's delay on the end of each message.
var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
await socket.ConnectAsync(host, port);
await smtp.ConnectAsync(socket, host, port, SecureSocketOptions.None);
var clock = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    var message = new MimeMessage { Subject = "Relay baseline" };
    message.From.Add(MailboxAddress.Parse("bench@example.org"));
    message.To.Add(MailboxAddress.Parse($"reader{i}@example.org"));
    message.Body = new BodyBuilder { HtmlBody = html, TextBody = "Relay baseline." }.ToMessageBody();
    await smtp.SendAsync(message);
}
var seconds = clock.Elapsed.TotalSeconds;
await smtp.DisconnectAsync(true);
Console.WriteLine((count / seconds).ToString("F0", CultureInfo.InvariantCulture));
