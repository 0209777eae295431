namespace Sagas;

/// <summary>
/// Settings of the inspector page (<c>MapSagasInspector</c>), bound from <c>Sagas:Inspector</c>
/// and checked at start.
/// </summary>
public sealed class SagasInspectorOptions
{
    /// <summary>The configuration section the options bind from: <c>Sagas:Inspector</c>.</summary>
    public const string SectionName = "Sagas:Inspector";

    /// <summary>
    /// The authorization policy a user must satisfy to repair: send a message to an instance, delete
    /// one, replay or delete dead letters. <see langword="null"/> (the default) leaves the page read-only.
    /// </summary>
    public string? WritePolicy { get; set; }

    /// <summary>How long a live instance may go without a step before the page marks it stuck. Default: 15 minutes.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How many rows a list shows at a time (1 to 500). Default: 50.</summary>
    public int PageSize { get; set; } = 50;
}
