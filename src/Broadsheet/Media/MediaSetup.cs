using Broadsheet.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Broadsheet.Media;

public static class MediaSetup
{
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddSettings<MediaOptions>("Broadsheet:Media");
        services.AddSingleton<FileMediaStore>();
        services.AddSingleton<IMediaStore>(sp => sp.GetRequiredService<FileMediaStore>());
        services.AddScoped<MediaLibrary>().AddScoped<BodyPictures>();
        return services;
    }

    /// <summary>
    /// Uploads at /media/uploads/: names never repeat, so browsers and CDNs may keep them for a year. A name that is not
    /// there (a deleted picture) is a 404 here, never a page path that the site would redirect.
    /// </summary>
    public static IApplicationBuilder UseUploadedMedia(this IApplicationBuilder app)
    {
        var store = app.ApplicationServices.GetRequiredService<FileMediaStore>();
        Directory.CreateDirectory(store.Directory);
        return app.Map(FileMediaStore.UrlPrefix, uploads =>
        {
            uploads.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(store.Directory),
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
            });
            uploads.Run(http =>
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        });
    }
}
