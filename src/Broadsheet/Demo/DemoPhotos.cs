using SkiaSharp;

namespace Broadsheet.Demo;

/// <summary>The kinds of scene the demo newsroom's pictures show.</summary>
public enum DemoScene
{
    Harbour,
    SnowForest,
    Terraces,
    Mountains,
    Skyline,
    Chart,
    Observatory,
    Dusk,
}

/// <summary>A generated picture and what the media library is told of it.</summary>
public sealed record DemoPhoto(string FileName, byte[] Jpeg, string Alt, string Caption);

/// <summary>
/// The demo newsroom's pictures, drawn here with SkiaSharp rather than downloaded: landscapes, harbours and skylines
/// from gradients, ridges and silhouettes with a little grain, so a new site looks like a newspaper and carries no
/// one else's photographs. A fixed seed per picture makes them the same on every machine.
/// </summary>
public static class DemoPhotos
{
    public const int Width = 1200;
    public const int Height = 750;
    public const string Credit = "Broadsheet demo illustration";

    /// <summary>The scene that suits a demo section.</summary>
    public static DemoScene SceneFor(string sectionSlug) => sectionSlug switch
    {
        "europe" => DemoScene.Harbour,
        "russia" => DemoScene.SnowForest,
        "asia" => DemoScene.Terraces,
        "americas" => DemoScene.Mountains,
        "business" => DemoScene.Skyline,
        "markets" => DemoScene.Chart,
        "science" => DemoScene.Observatory,
        _ => DemoScene.Dusk,
    };

    public static DemoPhoto Make(DemoScene scene, int variant)
    {
        var random = new Random(1000 * (int)scene + variant);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        var (alt, caption) = scene switch
        {
            DemoScene.Harbour => Harbour(canvas, random, variant),
            DemoScene.SnowForest => SnowForest(canvas, random),
            DemoScene.Terraces => Terraces(canvas, random),
            DemoScene.Mountains => Mountains(canvas, random),
            DemoScene.Skyline => Skyline(canvas, random, dusk: false),
            DemoScene.Chart => Chart(canvas, random),
            DemoScene.Observatory => Observatory(canvas, random),
            _ => Skyline(canvas, random, dusk: true),
        };
        Grain(canvas, random);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 88);
        return new DemoPhoto($"{scene.ToString().ToLowerInvariant()}-{variant + 1}.jpg", data.ToArray(), alt, caption);
    }

    private static (string, string) Harbour(SKCanvas canvas, Random random, int variant)
    {
        var evening = variant % 2 == 1;
        Sky(canvas, evening ? new SKColor(0x3a, 0x4e, 0x7a) : new SKColor(0x6f, 0xa8, 0xdc), evening ? new SKColor(0xf2, 0xa6, 0x5a) : new SKColor(0xd8, 0xec, 0xf7), 0.62f);
        Sun(canvas, Width * (0.25f + (float)random.NextDouble() * 0.5f), Height * 0.5f, 46, evening ? new SKColor(0xff, 0xd2, 0x8a) : new SKColor(0xff, 0xfb, 0xe8));
        var horizon = Height * 0.62f;
        Fill(canvas, new SKRect(0, horizon, Width, Height), evening ? new SKColor(0x2c, 0x3e, 0x5c) : new SKColor(0x2f, 0x6d, 0x8f), evening ? new SKColor(0x14, 0x1e, 0x30) : new SKColor(0x17, 0x3d, 0x55));
        using var shimmer = new SKPaint { Color = new SKColor(255, 255, 255, 40), StrokeWidth = 2, IsAntialias = true };
        for (var i = 0; i < 160; i++)
        {
            var y = horizon + (float)Math.Pow(random.NextDouble(), 1.6) * (Height - horizon);
            var x = (float)random.NextDouble() * Width;
            canvas.DrawLine(x, y, x + 10 + (float)random.NextDouble() * 40, y, shimmer);
        }
        using var dark = new SKPaint { Color = new SKColor(0x1a, 0x1a, 0x22), IsAntialias = true };
        canvas.DrawRect(new SKRect(Width * 0.55f, horizon - 18, Width, horizon - 4), dark);
        for (var x = Width * 0.57f; x < Width; x += 38)
        {
            canvas.DrawRect(new SKRect(x, horizon - 6, x + 7, horizon + 40), dark);
        }
        for (var b = 0; b < 4; b++)
        {
            var x = 60 + b * 150 + (float)random.NextDouble() * 60;
            var y = horizon + 30 + b * 22;
            using var hull = new SKPath();
            hull.MoveTo(x, y);
            hull.LineTo(x + 120, y);
            hull.LineTo(x + 100, y + 24);
            hull.LineTo(x + 14, y + 24);
            hull.Close();
            using var hullPaint = new SKPaint { Color = b % 2 == 0 ? new SKColor(0xb8, 0x3a, 0x2e) : new SKColor(0xee, 0xe8, 0xdc), IsAntialias = true };
            canvas.DrawPath(hull, hullPaint);
            using var mast = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), StrokeWidth = 3, IsAntialias = true };
            canvas.DrawLine(x + 60, y, x + 60, y - 110, mast);
            using var sail = new SKPath();
            sail.MoveTo(x + 63, y - 105);
            sail.LineTo(x + 63, y - 8);
            sail.LineTo(x + 115, y - 8);
            sail.Close();
            using var sailPaint = new SKPaint { Color = new SKColor(0xf5, 0xf2, 0xea, 230), IsAntialias = true };
            canvas.DrawPath(sail, sailPaint);
        }
        return evening
            ? ("Fishing boats moored off a wooden pier as the sun goes down over the harbour", "Evening at the harbour.")
            : ("Small sailing boats off a wooden pier in a calm harbour under a clear sky", "The harbour on a still morning.");
    }

    private static (string, string) SnowForest(SKCanvas canvas, Random random)
    {
        Sky(canvas, new SKColor(0x8f, 0xa3, 0xb8), new SKColor(0xe6, 0xe9, 0xee), 0.7f);
        Ridges(canvas, random, [new SKColor(0xa9, 0xb4, 0xc2), new SKColor(0x7d, 0x8c, 0x9c)], 0.45f, 0.62f);
        Fill(canvas, new SKRect(0, Height * 0.7f, Width, Height), new SKColor(0xf4, 0xf6, 0xf8), new SKColor(0xd9, 0xe0, 0xe8));
        for (var i = 0; i < 70; i++)
        {
            var depth = (float)random.NextDouble();
            var x = (float)random.NextDouble() * Width;
            var baseY = Height * (0.62f + depth * 0.3f);
            var size = 40 + depth * 110;
            var shade = (byte)(0x40 - depth * 0x28);
            Pine(canvas, x, baseY, size, new SKColor((byte)(shade / 2), shade, (byte)(shade * 0.8)));
        }
        using var snow = new SKPaint { Color = new SKColor(255, 255, 255, 200), IsAntialias = true };
        for (var i = 0; i < 500; i++)
        {
            canvas.DrawCircle((float)random.NextDouble() * Width, (float)random.NextDouble() * Height, 1 + (float)random.NextDouble() * 2.5f, snow);
        }
        return ("Dark pine trees on a snowy plain below grey hills as snow falls", "Snow over the forest in early winter.");
    }

    private static (string, string) Terraces(SKCanvas canvas, Random random)
    {
        Sky(canvas, new SKColor(0x9c, 0xc6, 0xe0), new SKColor(0xf0, 0xf0, 0xdc), 0.35f);
        Ridges(canvas, random, [new SKColor(0x6f, 0x93, 0x7c)], 0.22f, 0.3f);
        var greens = new[] { new SKColor(0x5e, 0x9a, 0x3c), new SKColor(0x7d, 0xb0, 0x45), new SKColor(0x4b, 0x85, 0x34), new SKColor(0x93, 0xbd, 0x5a) };
        for (var band = 0; band < 12; band++)
        {
            var top = Height * 0.3f + band * Height * 0.06f;
            using var path = new SKPath();
            path.MoveTo(0, top);
            for (var x = 0f; x <= Width; x += 60)
            {
                path.LineTo(x, top + (float)Math.Sin((x / Width * 3) + band) * 16);
            }
            path.LineTo(Width, Height);
            path.LineTo(0, Height);
            path.Close();
            using var paint = new SKPaint { Color = greens[band % greens.Length], IsAntialias = true };
            canvas.DrawPath(path, paint);
            using var water = new SKPaint { Color = new SKColor(0xc8, 0xe0, 0xe8, 120), StrokeWidth = 3, IsAntialias = true, Style = SKPaintStyle.Stroke };
            canvas.DrawPath(path, water);
        }
        return ("Terraced green rice fields stepping down a hillside under a pale sky", "Rice terraces before the harvest.");
    }

    private static (string, string) Mountains(SKCanvas canvas, Random random)
    {
        Sky(canvas, new SKColor(0x4d, 0x7e, 0xb3), new SKColor(0xf3, 0xd9, 0xb1), 0.6f);
        Sun(canvas, Width * 0.7f, Height * 0.3f, 38, new SKColor(0xff, 0xf1, 0xc8));
        Ridges(canvas, random, [new SKColor(0x9a, 0x8f, 0xa8), new SKColor(0x6e, 0x65, 0x80), new SKColor(0x4a, 0x43, 0x58), new SKColor(0x2c, 0x28, 0x35)], 0.3f, 0.85f);
        return ("Layers of mountain ridges fading into haze under a warm afternoon sky", "The high valleys in the dry season.");
    }

    private static (string, string) Skyline(SKCanvas canvas, Random random, bool dusk)
    {
        Sky(canvas, dusk ? new SKColor(0x2b, 0x1e, 0x4a) : new SKColor(0x5b, 0x8f, 0xc9), dusk ? new SKColor(0xe8, 0x7a, 0x4f) : new SKColor(0xdd, 0xe9, 0xf2), 0.8f);
        if (dusk)
        {
            Sun(canvas, Width * 0.3f, Height * 0.62f, 60, new SKColor(0xff, 0xb0, 0x6a));
        }
        var ground = Height * 0.88f;
        for (var layer = 0; layer < 2; layer++)
        {
            var x = -20f;
            while (x < Width)
            {
                var w = 50 + (float)random.NextDouble() * 90;
                var h = (layer == 0 ? 200 : 120) + (float)random.NextDouble() * (layer == 0 ? 330 : 250);
                var shade = layer == 0 ? (dusk ? new SKColor(0x3a, 0x2c, 0x4a) : new SKColor(0x7a, 0x8a, 0x9c)) : (dusk ? new SKColor(0x1a, 0x14, 0x24) : new SKColor(0x3c, 0x46, 0x52));
                using var building = new SKPaint { Color = shade, IsAntialias = true };
                canvas.DrawRect(new SKRect(x, ground - h, x + w, ground), building);
                if (layer == 1)
                {
                    using var window = new SKPaint { Color = dusk ? new SKColor(0xff, 0xd9, 0x8a) : new SKColor(0xb8, 0xd4, 0xe8) };
                    for (var wy = ground - h + 14; wy < ground - 20; wy += 22)
                    {
                        for (var wx = x + 8; wx < x + w - 12; wx += 16)
                        {
                            if (random.NextDouble() < (dusk ? 0.45 : 0.7))
                            {
                                canvas.DrawRect(new SKRect(wx, wy, wx + 8, wy + 11), window);
                            }
                        }
                    }
                }
                x += w + (float)random.NextDouble() * 12;
            }
        }
        Fill(canvas, new SKRect(0, ground, Width, Height), new SKColor(0x20, 0x20, 0x26), new SKColor(0x10, 0x10, 0x14));
        return dusk
            ? ("A city skyline with lit windows against an orange and violet sky at dusk", "The city as the offices empty.")
            : ("Office towers of a business district against a bright morning sky", "The business district in the morning.");
    }

    private static (string, string) Chart(SKCanvas canvas, Random random)
    {
        Fill(canvas, new SKRect(0, 0, Width, Height), new SKColor(0x10, 0x18, 0x2a), new SKColor(0x06, 0x0a, 0x14));
        using var grid = new SKPaint { Color = new SKColor(0x3a, 0x4a, 0x6a, 120), StrokeWidth = 1 };
        for (var x = 0; x < Width; x += 60)
        {
            canvas.DrawLine(x, 0, x, Height, grid);
        }
        for (var y = 0; y < Height; y += 60)
        {
            canvas.DrawLine(0, y, Width, y, grid);
        }
        var points = new List<SKPoint>();
        var level = Height * 0.6f;
        for (var x = 0f; x <= Width; x += 12)
        {
            level = Math.Clamp(level + (float)(random.NextDouble() - 0.52) * 34, Height * 0.15f, Height * 0.85f);
            points.Add(new SKPoint(x, level));
        }
        using var area = new SKPath();
        area.MoveTo(0, Height);
        foreach (var p in points)
        {
            area.LineTo(p);
        }
        area.LineTo(Width, Height);
        area.Close();
        using var areaPaint = new SKPaint
        {
            IsAntialias = true,
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Height), [new SKColor(0x3c, 0xd0, 0x8c, 150), new SKColor(0x3c, 0xd0, 0x8c, 0)], SKShaderTileMode.Clamp),
        };
        canvas.DrawPath(area, areaPaint);
        using var line = new SKPaint { Color = new SKColor(0x6c, 0xf0, 0xb0), StrokeWidth = 4, IsAntialias = true, Style = SKPaintStyle.Stroke };
        using var path = new SKPath();
        path.AddPoly([.. points], close: false);
        canvas.DrawPath(path, line);
        for (var i = 0; i < 40; i++)
        {
            var x = 30 + i * 28f;
            var h = 20 + (float)random.NextDouble() * 90;
            using var bar = new SKPaint { Color = random.NextDouble() < 0.5 ? new SKColor(0xe0, 0x5a, 0x5a, 180) : new SKColor(0x5a, 0xc0, 0xe0, 180) };
            canvas.DrawRect(new SKRect(x, Height - h, x + 18, Height), bar);
        }
        return ("A glowing green price line and trading volumes on a dark market screen", "Trading screens during a volatile session.");
    }

    private static (string, string) Observatory(SKCanvas canvas, Random random)
    {
        Sky(canvas, new SKColor(0x05, 0x08, 0x1c), new SKColor(0x1c, 0x2a, 0x52), 0.8f);
        using var star = new SKPaint { IsAntialias = true };
        for (var i = 0; i < 700; i++)
        {
            star.Color = new SKColor(255, 255, (byte)(220 + random.Next(35)), (byte)(80 + random.Next(175)));
            canvas.DrawCircle((float)random.NextDouble() * Width, (float)random.NextDouble() * Height * 0.8f, (float)random.NextDouble() * 1.8f, star);
        }
        using var band = new SKPaint { Color = new SKColor(0xc8, 0xd0, 0xff, 18), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 60) };
        canvas.DrawOval(new SKRect(-100, 80, Width + 100, 330), band);
        Ridges(canvas, random, [new SKColor(0x0a, 0x0c, 0x14)], 0.74f, 0.8f);
        using var dome = new SKPaint { Color = new SKColor(0xd4, 0xd8, 0xe0), IsAntialias = true };
        var cx = Width * 0.62f;
        var top = Height * 0.66f;
        canvas.DrawRect(new SKRect(cx - 90, top, cx + 90, top + 80), dome);
        canvas.DrawArc(new SKRect(cx - 90, top - 90, cx + 90, top + 90), 180, 180, true, dome);
        using var slit = new SKPaint { Color = new SKColor(0x12, 0x16, 0x24) };
        canvas.DrawRect(new SKRect(cx - 12, top - 88, cx + 12, top), slit);
        return ("A white observatory dome on a dark ridge beneath a sky full of stars", "A clear night at the observatory.");
    }

    private static void Sky(SKCanvas canvas, SKColor top, SKColor horizon, float horizonAt) =>
        Fill(canvas, new SKRect(0, 0, Width, Height * Math.Max(horizonAt, 0.3f) + 40), top, horizon, fillAll: true);

    private static void Fill(SKCanvas canvas, SKRect rect, SKColor from, SKColor to, bool fillAll = false)
    {
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, rect.Top), new SKPoint(0, rect.Bottom), [from, to], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(fillAll ? new SKRect(0, 0, Width, Height) : rect, paint);
    }

    private static void Sun(SKCanvas canvas, float x, float y, float radius, SKColor color)
    {
        using var glow = new SKPaint { Color = color.WithAlpha(70), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, radius) };
        canvas.DrawCircle(x, y, radius * 2.2f, glow);
        using var disc = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawCircle(x, y, radius, disc);
    }

    /// <summary>Ridges one behind another, each a random walk, from the top fraction of the picture to the bottom one.</summary>
    private static void Ridges(SKCanvas canvas, Random random, SKColor[] colors, float from, float to)
    {
        for (var layer = 0; layer < colors.Length; layer++)
        {
            var baseline = Height * (from + (to - from) * layer / Math.Max(1, colors.Length - 1) * 0.8f);
            var y = baseline;
            using var path = new SKPath();
            path.MoveTo(0, Height);
            for (var x = 0f; x <= Width + 20; x += 20)
            {
                y = Math.Clamp(y + (float)(random.NextDouble() - 0.5) * 44, baseline - 140, baseline + 60);
                path.LineTo(x, y);
            }
            path.LineTo(Width, Height);
            path.Close();
            using var paint = new SKPaint { Color = colors[layer], IsAntialias = true };
            canvas.DrawPath(path, paint);
        }
    }

    private static void Pine(SKCanvas canvas, float x, float baseY, float size, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        for (var tier = 0; tier < 3; tier++)
        {
            var tierTop = baseY - size + tier * size * 0.25f;
            var half = size * (0.18f + tier * 0.08f);
            using var path = new SKPath();
            path.MoveTo(x, tierTop);
            path.LineTo(x + half, tierTop + size * 0.45f);
            path.LineTo(x - half, tierTop + size * 0.45f);
            path.Close();
            canvas.DrawPath(path, paint);
        }
        canvas.DrawRect(new SKRect(x - size * 0.03f, baseY - size * 0.1f, x + size * 0.03f, baseY), paint);
    }

    /// <summary>A photograph's grain, so flat shapes read as a picture rather than a diagram.</summary>
    private static void Grain(SKCanvas canvas, Random random)
    {
        using var light = new SKPaint { Color = new SKColor(255, 255, 255, 14) };
        using var dark = new SKPaint { Color = new SKColor(0, 0, 0, 18) };
        for (var i = 0; i < 30_000; i++)
        {
            canvas.DrawPoint((float)random.NextDouble() * Width, (float)random.NextDouble() * Height, i % 2 == 0 ? light : dark);
        }
    }
}
