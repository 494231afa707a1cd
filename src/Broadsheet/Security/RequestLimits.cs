using Broadsheet.Infrastructure;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Broadsheet.Security;

/// <summary>Bound from "Broadsheet:RequestLimits": how big a request may be before it is read at all.</summary>
public sealed class RequestLimitsOptions
{
    /// <summary>A request body (an article, a comment, a form); longer ones answer 413.</summary>
    [Range(16, 1_048_576)]
    public int MaxBodyKilobytes { get; set; } = 2048;

    /// <summary>Fields in one submitted form.</summary>
    [Range(8, 10_000)]
    public int MaxFormFields { get; set; } = 100;

    /// <summary>One form field's value as sent: a comment may be 65,525 characters, each up to 12 bytes percent-encoded.</summary>
    [Range(1, 1_048_576)]
    public int MaxFormFieldKilobytes { get; set; } = 1024;

    /// <summary>How deeply a JSON body may nest; the API's own bodies nest two or three levels.</summary>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>
    /// All request headers together: past it the site answers 431 with a message. Kestrel's own limit, which can only
    /// answer a bare 431, is set at twice this, as the last stop.
    /// </summary>
    [Range(4, 1024)]
    public int MaxHeadersKilobytes { get; set; } = 32;
}

/// <summary>
/// The limits, applied where each is enforced: Kestrel (body, headers), form reading and JSON reading; and this
/// middleware, which refuses a declared Content-Length over the limit with a message before anything is read.
/// What the readers refuse on their own reaches <see cref="Infrastructure.Problems.BadRequestHandler"/>.
/// </summary>
public sealed class RequestLimits(RequestDelegate next, IOptionsMonitor<RequestLimitsOptions> options, IOptionsMonitor<Media.MediaOptions> media,
    IOptionsMonitor<Import.ImportOptions> import)
{
    /// <summary>
    /// A picture upload (a signed-in member's multipart POST to the media library or the article editor) may be as
    /// large as the media settings allow, plus the form around it, and an export uploaded to /admin/import as large as
    /// the import settings allow; everything else keeps the body limit.
    /// </summary>
    private (long Bytes, string Refusal)? UploadLimit(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType
            || request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) != true
            || !request.Cookies.ContainsKey(Accounts.SignIn.CookieName))
        {
            return null;
        }
        if (request.Path.StartsWithSegments("/admin/import"))
        {
            var megabytes = import.CurrentValue.MaxUploadMegabytes;
            return ((megabytes + 1) * 1024L * 1024L, $"An export uploaded here may be at most {megabytes:N0} MB; the command line's `import wxr FILE` takes any size.");
        }
        return request.Path.StartsWithSegments("/admin/media") || request.Path.StartsWithSegments("/admin/articles")
            ? ((media.CurrentValue.MaxUploadMegabytes + 1) * 1024L * 1024L, $"Pictures may be at most {media.CurrentValue.MaxUploadMegabytes} MB.")
            : null;
    }

    public const string TooLargeTitle = "The request is too large.";

    public async Task InvokeAsync(HttpContext http)
    {
        var headersLimit = options.CurrentValue.MaxHeadersKilobytes * 1024L;
        if (HeadersSize(http.Request.Headers) > headersLimit)
        {
            await RefuseAsync(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request's headers are too large.",
                $"Request headers may be at most {options.CurrentValue.MaxHeadersKilobytes} KB together. If this is a browser, clearing this site's cookies will help.");
            return;
        }
        var uploadLimit = UploadLimit(http.Request);
        var limit = uploadLimit?.Bytes ?? options.CurrentValue.MaxBodyKilobytes * 1024L;
        if (http.Request.ContentLength > limit)
        {
            await RefuseAsync(http, uploadLimit?.Refusal ?? $"A request body may be at most {options.CurrentValue.MaxBodyKilobytes} KB.");
            return;
        }
        if (uploadLimit?.Bytes is { } larger)
        {
            if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            {
                bodySize.MaxRequestBodySize = larger;
            }
            var form = http.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
            http.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new FormFeature(http.Request, new FormOptions
            {
                ValueCountLimit = form.ValueCountLimit, ValueLengthLimit = form.ValueLengthLimit, KeyLengthLimit = form.KeyLengthLimit,
                MultipartBodyLengthLimit = larger,
            }));
        }
        if (http.Request.ContentLength is null && http.Request.Body.CanRead)
        {
            // A body sent without a length (chunked) is cut off where it passes the limit; Kestrel does the same.
            http.Request.Body = new LimitedBody(http.Request.Body, limit, options.CurrentValue.MaxBodyKilobytes);
        }
        if (http.Request.HasFormContentType)
        {
            // Read here, where its limits can answer with a message; everything after reads the same parsed form.
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                await RefuseAsync(http, $"The form is too large: {e.Message}");
                return;
            }
        }
        await next(http);
    }

    private static Task RefuseAsync(HttpContext http, string detail) =>
        RefuseAsync(http, StatusCodes.Status413PayloadTooLarge, TooLargeTitle, detail);

    private static async Task RefuseAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>The headers' size as sent: each name, its values, and ": " and a line end.</summary>
    private static long HeadersSize(IHeaderDictionary headers)
    {
        long size = 0;
        foreach (var (name, values) in headers)
        {
            size += name.Length + 4;
            foreach (var value in values)
            {
                size += value?.Length ?? 0;
            }
        }
        return size;
    }

    private sealed class LimitedBody(Stream inner, long limit, int kilobytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit
                ? throw new BadHttpRequestException($"A request body may be at most {kilobytes} KB.", StatusCodes.Status413PayloadTooLarge)
                : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    internal sealed class KestrelServerOptionsSetup(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>
    {
        public void Configure(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel)
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyKilobytes * 1024L;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * limits.Value.MaxHeadersKilobytes * 1024;
            kestrel.AddServerHeader = false;
        }
    }

    internal sealed class FormOptionsSetup(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<FormOptions>
    {
        public void Configure(FormOptions form)
        {
            form.ValueCountLimit = limits.Value.MaxFormFields;
            form.ValueLengthLimit = limits.Value.MaxFormFieldKilobytes * 1024;
            form.KeyLengthLimit = 256;
            form.MultipartBodyLengthLimit = limits.Value.MaxBodyKilobytes * 1024L;
        }
    }

    internal sealed class JsonOptionsSetup(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>
    {
        public void Configure(Microsoft.AspNetCore.Http.Json.JsonOptions json) => json.SerializerOptions.MaxDepth = limits.Value.MaxJsonDepth;
    }
}

public static class RequestLimitsSetup
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddSettings<RequestLimitsOptions>("Broadsheet:RequestLimits");
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>, RequestLimits.KestrelServerOptionsSetup>();
        services.AddSingleton<IConfigureOptions<FormOptions>, RequestLimits.FormOptionsSetup>();
        services.AddSingleton<IConfigureOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>, RequestLimits.JsonOptionsSetup>();
        return services;
    }
}
