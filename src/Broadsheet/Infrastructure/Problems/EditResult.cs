namespace Broadsheet.Infrastructure.Problems;

/// <summary>What a create or update of a resource came to; endpoints map it to HTTP, forms to ModelState.</summary>
public abstract record EditResult<T>;

public sealed record Saved<T>(T Value) : EditResult<T>;

public sealed record Invalid<T>(IReadOnlyDictionary<string, string[]> Errors) : EditResult<T>;

public sealed record Missing<T> : EditResult<T>;

/// <summary>The actor's role does not allow this change; the reason says why, for the form and the 403.</summary>
public sealed record Forbidden<T>(string Reason) : EditResult<T>;

/// <summary>Someone else saved since the version this edit started from; nothing was written. Current is theirs.</summary>
public sealed record Stale<T>(T Current) : EditResult<T>;
