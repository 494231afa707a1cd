namespace Broadsheet.Infrastructure.Problems;

/// <summary>What a create or update of a resource came to; endpoints map it to HTTP, forms to ModelState.</summary>
public abstract record EditResult<T>;

public sealed record Saved<T>(T Value) : EditResult<T>;

public sealed record Invalid<T>(IReadOnlyDictionary<string, string[]> Errors) : EditResult<T>;

public sealed record Missing<T> : EditResult<T>;
