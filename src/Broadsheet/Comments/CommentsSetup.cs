using Broadsheet.Infrastructure;
namespace Broadsheet.Comments;

public static class CommentsSetup
{
    public static IServiceCollection AddComments(this IServiceCollection services)
    {
        services.AddSettings<CommentsOptions>("Broadsheet:Comments");
        services.AddSettings<NotificationsOptions>("Broadsheet:Notifications");
        services.AddScoped<CommentPosting>();
        services.AddScoped<CommentQueries>();
        services.AddScoped<CommentsSections>();
        services.AddScoped<CommentModeration>().AddScoped<ModerationDesk>();
        services.AddScoped<CommentNotifications>();
        services.AddScoped<CommentPrivacy>();
        services.AddSingleton<HeldComments>();
        services.AddSingleton<MailOutbox>();
        services.AddHostedService(provider => provider.GetRequiredService<MailOutbox>());
        // Registered after the outbox, so it stops before it: its last summary is still sent.
        services.AddSingleton<HeldCommentMail>();
        services.AddHostedService(provider => provider.GetRequiredService<HeldCommentMail>());
        services.AddSingleton<CommentRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<CommentRetention>());
        return services;
    }
}
