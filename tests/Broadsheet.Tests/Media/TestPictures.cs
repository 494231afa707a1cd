using System.Buffers.Binary;
using SkiaSharp;

namespace Broadsheet.Tests.Media;

/// <summary>Real picture files made for a test: a gradient with a block in one corner, so orientation can be checked.</summary>
public static class TestPictures
{
    public static byte[] Make(int width, int height, SKEncodedImageFormat format, int quality = 90)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var gradient = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                    [new SKColor(0x1d, 0x4e, 0x89), new SKColor(0xe8, 0xc5, 0x47)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, gradient);
            using var marker = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(0, 0, width / 4f, height / 4f, marker);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>
    /// A GIF (Skia reads GIF but does not write it): two colours, the red block in the top-left quarter, written as
    /// 8-bit LZW codes with a clear code every 100 pixels, so the codes never grow wider and no compressor is needed.
    /// </summary>
    public static byte[] Gif(int width, int height)
    {
        var gif = new List<byte>();
        void U16(int v) { gif.Add((byte)(v & 0xFF)); gif.Add((byte)(v >> 8)); }
        gif.AddRange("GIF89a"u8.ToArray());
        U16(width); U16(height);
        gif.AddRange([0xF6, 0, 0]);
        for (var i = 0; i < 128; i++)
        {
            gif.AddRange(i switch { 0 => [0xD0, 0x20, 0x20], 1 => [0x1D, 0x4E, 0x89], _ => [0, 0, 0] });
        }
        gif.Add(0x2C); U16(0); U16(0); U16(width); U16(height); gif.Add(0);
        gif.Add(7);
        var codes = new List<byte> { 128 };
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (codes.Count % 101 == 100)
                {
                    codes.Add(128);
                }
                codes.Add(x < width / 4 && y < height / 4 ? (byte)0 : (byte)1);
            }
        }
        codes.Add(129);
        foreach (var block in codes.Chunk(255))
        {
            gif.Add((byte)block.Length);
            gif.AddRange(block);
        }
        gif.Add(0);
        gif.Add(0x3B);
        return [.. gif];
    }

    public static byte[] Jpeg(int width, int height) => Make(width, height, SKEncodedImageFormat.Jpeg);

    public static byte[] Png(int width, int height) => Make(width, height, SKEncodedImageFormat.Png);

    /// <summary>
    /// A camera's JPEG: an EXIF block (APP1) after the start marker with an orientation tag (6: the camera was turned a
    /// quarter clockwise) and a GPS position (latitude 38° 42' N, longitude 9° 8' W), as a phone writes them.
    /// </summary>
    public static byte[] JpegWithLocation(int width, int height, ushort orientation = 6)
    {
        var jpeg = Jpeg(width, height);
        var tiff = new List<byte>();
        void U16(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)v); tiff.AddRange(b); }
        void U32(uint v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); tiff.AddRange(b); }
        void Entry(int tag, int type, uint count, uint value) { U16(tag); U16(type); U32(count); U32(value); }
        // Header, then IFD0 at 8 with two entries (26 bytes + next-IFD 4), then the GPS IFD at 38 with four entries
        // (2 + 48 + 4 = 54), then the rationals at 92 (latitude) and 116 (longitude).
        tiff.AddRange("II"u8.ToArray()); U16(42); U32(8);
        U16(2);
        Entry(0x0112, 3, 1, orientation);
        Entry(0x8825, 4, 1, 38);
        U32(0);
        U16(4);
        Entry(0x0001, 2, 2, 'N');
        Entry(0x0002, 5, 3, 92);
        Entry(0x0003, 2, 2, 'W');
        Entry(0x0004, 5, 3, 116);
        U32(0);
        foreach (var (degrees, minutes) in new[] { (38u, 42u), (9u, 8u) })
        {
            U32(degrees); U32(1); U32(minutes); U32(1); U32(0); U32(1);
        }
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new List<byte> { 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF) };
        segment.AddRange(payload);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>Reads a picture's size and its EXIF orientation back with Skia, as a browser would.</summary>
    public static (int Width, int Height, SKEncodedImageFormat Format, SKEncodedOrigin Origin) Inspect(byte[] bytes)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes)) ?? throw new InvalidOperationException("Not a picture.");
        return (codec.Info.Width, codec.Info.Height, codec.EncodedFormat, codec.EncodedOrigin);
    }

    /// <summary>The colour at a point, to see which way up a picture is.</summary>
    public static SKColor PixelAt(byte[] bytes, float xFraction, float yFraction)
    {
        using var bitmap = SKBitmap.Decode(bytes);
        return bitmap.GetPixel((int)(bitmap.Width * xFraction), (int)(bitmap.Height * yFraction));
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
