using SkiaSharp;

namespace Broadsheet.Media;

/// <summary>What an upload turned out to be: refused with a reason, or a picture with its variants' bytes.</summary>
public abstract record ImageReading;

public sealed record NotAnImage(string Reason) : ImageReading;

public sealed record Variant(int Width, int Height, string Extension, byte[] Bytes);

public sealed record ReadImage(string Format, int Width, int Height, IReadOnlyList<Variant> Variants) : ImageReading;

/// <summary>
/// Reads an upload with SkiaSharp and makes the responsive variants. The type is the content's (the file's own
/// signature, as Skia's codec reads it), never the name's; only JPEG, PNG, WebP and GIF are taken, so an SVG (which
/// can carry script) never is. Every variant is decoded and encoded anew, which leaves EXIF behind, GPS position
/// included; the camera's orientation is applied to the pixels first.
/// </summary>
public static class ImageVariants
{
    public static readonly IReadOnlyList<int> Widths = [320, 640, 1024, 1600];
    public const string NotAnImageMessage = "This file is not a picture Broadsheet takes: upload a JPEG, PNG, WebP or GIF.";

    public static ImageReading Read(byte[] upload, int maxMegapixels)
    {
        using var data = SKData.CreateCopy(upload);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return new NotAnImage(NotAnImageMessage);
        }
        var format = codec.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => "jpg",
            SKEncodedImageFormat.Png => "png",
            SKEncodedImageFormat.Webp => "webp",
            SKEncodedImageFormat.Gif => "png",
            _ => null,
        };
        if (format is null)
        {
            return new NotAnImage(NotAnImageMessage);
        }
        if ((long)codec.Info.Width * codec.Info.Height > maxMegapixels * 1_000_000L)
        {
            return new NotAnImage($"This picture is {codec.Info.Width} × {codec.Info.Height} pixels; at most {maxMegapixels} megapixels are taken. Make it smaller first.");
        }
        using var decoded = SKBitmap.Decode(codec, codec.Info.WithColorType(SKColorType.Rgba8888).WithAlphaType(SKAlphaType.Premul));
        if (decoded is null)
        {
            return new NotAnImage("This picture could not be read: the file may be damaged.");
        }
        using var upright = Orient(decoded, codec.EncodedOrigin);
        var widths = Widths.Where(w => w < upright.Width).Append(Math.Min(upright.Width, Widths[^1])).Distinct().Order().ToList();
        var variants = new List<Variant>();
        foreach (var width in widths)
        {
            var height = Math.Max(1, (int)Math.Round(upright.Height * (double)width / upright.Width));
            using var resized = width == upright.Width ? upright.Copy() : upright.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell));
            using var image = SKImage.FromBitmap(resized);
            variants.Add(new Variant(width, height, "webp", Encode(image, SKEncodedImageFormat.Webp, 80)));
            if (format != "webp")
            {
                variants.Add(new Variant(width, height, format, Encode(image, format == "jpg" ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 85)));
            }
        }
        return new ReadImage(format, upright.Width, upright.Height, variants);
    }

    private static byte[] Encode(SKImage image, SKEncodedImageFormat format, int quality)
    {
        using var encoded = image.Encode(format, quality);
        return encoded.ToArray();
    }

    /// <summary>The pixels turned the way the camera says they were held (EXIF orientation), since the tag itself is not kept.</summary>
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return source.Copy();
        }
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height, source.ColorType, source.AlphaType);
        using var canvas = new SKCanvas(result);
        var (w, h) = (source.Width, source.Height);
        switch (origin)
        {
            case SKEncodedOrigin.TopRight: canvas.Scale(-1, 1, w / 2f, 0); break;
            case SKEncodedOrigin.BottomRight: canvas.RotateDegrees(180, w / 2f, h / 2f); break;
            case SKEncodedOrigin.BottomLeft: canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.LeftTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.RightTop: canvas.Translate(h, 0); canvas.RotateDegrees(90); break;
            case SKEncodedOrigin.RightBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); canvas.Scale(1, -1, 0, h / 2f); break;
            case SKEncodedOrigin.LeftBottom: canvas.Translate(0, w); canvas.RotateDegrees(270); break;
        }
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }
}
