using System.ComponentModel.DataAnnotations;
using Broadsheet.Accounts;
using Broadsheet.Infrastructure;
using Broadsheet.Infrastructure.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Broadsheet.Newsletters;

public sealed record StopRequest(
    [property: Required(ErrorMessage = "Please give the addresses that bounced or complained.")] IReadOnlyList<string>? Addresses,
    string? Reason);

public sealed record StoppedAddresses(int Stopped, int Unknown, string Reason);

public sealed record AlertRequest([property: Required(ErrorMessage = "Please give the article to send.")] int? ArticleId);

public sealed record StartedSend(int Id, string Subject, int Recipients);

public sealed record ErasedSubscriber(string Email, int Erased);

public sealed record SubscriberEraseRequest([property: Required(ErrorMessage = "Please give the email address to erase.")] string? Email);

public static class NewslettersSetup
{
    public static readonly string[] StopReasons = ["bounce", "complaint"];

    public static IServiceCollection AddNewsletters(this IServiceCollection services)
    {
        services.AddSettings<NewslettersOptions>(NewslettersOptions.Section);
        services.AddSingleton<NewsletterLinks>().AddSingleton<NewsletterMail>();
        services.AddScoped<NewsletterLists>().AddScoped<Subscribing>().AddScoped<NewsletterEditions>().AddScoped<NewsletterPrivacy>().AddScoped<NewsletterFigures>();
        services.AddSingleton<NewsletterSender>().AddHostedService(provider => provider.GetRequiredService<NewsletterSender>());
        services.AddHostedService<DigestSchedule>();
        return services;
    }

    /// <summary>
    /// POST /api/v1/newsletters/stops (bounces and complaints fed back), POST /api/v1/newsletters/alerts (an article
    /// as breaking news), and the subscriber's copy and erasure under /api/v1/privacy/subscribers.
    /// </summary>
    public static IEndpointRouteBuilder MapNewsletterEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/newsletters").WithTags("Newsletters");
        api.MapPost("/stops", StopAddresses).WithName("StopNewsletterAddresses").RequireAuthorization(Roles.AdministratorPolicy);
        api.MapPost("/alerts", SendAlert).WithName("SendBreakingNews").RequireAuthorization(Roles.EditorPolicy);
        var privacy = app.MapGroup("/api/v1/privacy/subscribers").WithTags("Privacy").RequireAuthorization(Roles.AdministratorPolicy);
        privacy.MapGet("/", ExportSubscriber).WithName("ExportSubscriberData");
        privacy.MapPost("/erase", EraseSubscriber).WithName("EraseSubscriberData");
        return app;
    }

    private static async Task<Results<Ok<StoppedAddresses>, ProblemHttpResult>> StopAddresses(StopRequest request, Subscribing subscribing, CancellationToken ct)
    {
        var errors = Validation.Errors(request);
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "bounce" : request.Reason.Trim().ToLowerInvariant();
        if (!StopReasons.Contains(reason))
        {
            errors["reason"] = ["The reason is \"bounce\" or \"complaint\"."];
        }
        if (errors.Count > 0 || request.Addresses is not { } addresses)
        {
            return Problems.Unprocessable(errors);
        }
        var (stopped, unknown) = await subscribing.StopAsync(addresses, reason, ct);
        return TypedResults.Ok(new StoppedAddresses(stopped, unknown, reason));
    }

    private static async Task<Results<Ok<StartedSend>, ProblemHttpResult>> SendAlert(AlertRequest request, NewsletterEditions editions, Audit.AuditLog audit, HttpContext http, CancellationToken ct)
    {
        var errors = Validation.Errors(request);
        if (errors.Count > 0 || request.ArticleId is not { } articleId)
        {
            return Problems.Unprocessable(errors);
        }
        var me = Actor.From(http.User)!;
        return await editions.StartAlertAsync(articleId, me.Name, ct) switch
        {
            NewsletterSend send => await AuditedAsync(audit, send, me, ct),
            NotStarted refused => Problems.Unprocessable("articleId", refused.Reason),
            _ => Problems.Unprocessable("articleId", "The alert was not sent."),
        };
    }

    private static async Task<Ok<StartedSend>> AuditedAsync(Audit.AuditLog audit, NewsletterSend send, Actor me, CancellationToken ct)
    {
        await audit.RecordAsync(Audit.AuditActions.NewsletterSent, send.Subject, "/admin/newsletters", ct, me);
        return TypedResults.Ok(new StartedSend(send.Id, send.Subject, send.Recipients));
    }

    private static async Task<Results<Ok<SubscriberDataExport>, ProblemHttpResult>> ExportSubscriber(string? email, NewsletterPrivacy privacy, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(email)
            ? Problems.Unprocessable("email", "Please give the email address to export.")
            : TypedResults.Ok(await privacy.ExportAsync(email, ct));

    private static async Task<Results<Ok<ErasedSubscriber>, ProblemHttpResult>> EraseSubscriber(SubscriberEraseRequest request, NewsletterPrivacy privacy, CancellationToken ct)
    {
        var errors = Validation.Errors(request);
        if (errors.Count > 0 || request.Email is not { } email)
        {
            return Problems.Unprocessable(errors);
        }
        return TypedResults.Ok(new ErasedSubscriber(Subscribing.Normalise(email), await privacy.EraseAsync(email, ct)));
    }
}
