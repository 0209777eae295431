using System.Text.Json.Serialization;

namespace Sagas;

/// <summary>
/// The compensation log of one saga instance: the completed steps that declare a compensation,
/// and, once a failure started undoing them, which step is being undone and at which attempt.
/// Saved with the instance's data after every step, so a compensation interrupted by a crash
/// resumes where it stopped. Kept by the generated code.
/// </summary>
public sealed class SagaCompensation
{
    /// <summary>The state an instance is saved in while it awaits the confirmation of a compensation.</summary>
    public const string CompensatingState = "Compensating";

    // Created when first needed: most steps of most sagas complete nothing to undo.
    private List<string>? _completed;
    private List<string>? _undone;

    // What this handling did to the compensation, for the engine's logs and metrics; never saved.
    private bool _begun;
    private List<string>? _sent;
    private List<string>? _confirmed;

    /// <summary>
    /// The wire names of the completed steps not yet undone, oldest first. After a compensation
    /// failed, the steps left here (the failed one included) are those still to undo by hand.
    /// </summary>
    public List<string> CompletedSteps
    {
        get => _completed ??= [];
        set => _completed = value;
    }

    /// <summary>The wire names of the steps undone, in the order they were undone.</summary>
    public List<string> UndoneSteps
    {
        get => _undone ??= [];
        set => _undone = value;
    }

    /// <summary>The compensation under way, or <see langword="null"/> when none is.</summary>
    public Progress? Running { get; set; }

    /// <summary>Whether a compensation is under way: the instance accepts only confirmations and timeouts.</summary>
    [JsonIgnore]
    public bool IsRunning => Running is not null;

    /// <summary>Records a completed step that declares a compensation.</summary>
    public void StepCompleted(string step) => CompletedSteps.Add(step);

    /// <summary>Starts undoing the completed steps.</summary>
    /// <param name="targetState">The state to end in once every step is undone.</param>
    /// <param name="failedState">The state to end in when a compensation is not confirmed; <see langword="null"/> when none awaits a confirmation.</param>
    public void Begin(string targetState, string? failedState)
    {
        Running = new Progress { TargetState = targetState, FailedState = failedState };
        _begun = true;
    }

    /// <summary>
    /// Counts the step being undone, if any, as undone, and takes the newest step not yet undone as
    /// the next; returns <see langword="null"/> when all are.
    /// </summary>
    public string? NextStep()
    {
        var running = Running ?? throw NotRunning();
        if (running.Step is { } undone)
        {
            UndoneSteps.Add(undone);
            (_confirmed ??= []).Add(undone);
        }

        running.Step = null;
        running.Attempt = 0;
        if (_completed is not { Count: > 0 })
        {
            return null;
        }

        running.Step = CompletedSteps[^1];
        running.Attempt = 1;
        CompletedSteps.RemoveAt(CompletedSteps.Count - 1);
        (_sent ??= []).Add(running.Step);
        return running.Step;
    }

    /// <summary>
    /// Starts the trace span of the attempt under way at undoing a step (<c>compensate {step}</c>,
    /// under the handling that runs it); dispose it once the step's compensation has run.
    /// <see langword="null"/> while no listener listens.
    /// </summary>
    /// <param name="context">The handling's context.</param>
    /// <param name="sagaName">The saga's name.</param>
    public System.Diagnostics.Activity? TraceUndo(MessageContext context, string sagaName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var running = Running ?? throw NotRunning();
        return SagaTracing.StartCompensating(sagaName, context.CorrelationId, running.Step!, running.Attempt);
    }

    /// <summary>Whether <paramref name="step"/> is the step being undone.</summary>
    public bool IsUndoing(string step) => Running?.Step == step;

    /// <summary>
    /// Whether the compensation under way ends in one of <paramref name="states"/>: a message the
    /// saga ignores there (<c>[Ignore]</c>) is ignored on the way there too.
    /// </summary>
    public bool IsHeadingTo(params string[] states) => Running is { } running && Array.IndexOf(states, running.TargetState) >= 0;

    /// <summary>Whether <paramref name="step"/> was undone already: its confirmation came again, from an earlier attempt.</summary>
    public bool WasUndone(string step) => _undone?.Contains(step) ?? false;

    /// <summary>Schedules the timeout of the current attempt at the step being undone.</summary>
    /// <param name="context">The handling's context; the delay is <see cref="SagasOptions.CompensationTimeout"/>.</param>
    /// <param name="sagaName">The saga's name, to route the timeout back.</param>
    public void AwaitConfirmation(MessageContext context, string sagaName)
    {
        var running = Running ?? throw NotRunning();
        var key = context.CorrelationId ?? throw new InvalidOperationException("A compensation can only await its confirmation in a saga's handling.");
        context.Schedule(new CompensationTimedOut(sagaName, key, running.Step!, running.Attempt), context.Options.CompensationTimeout);
    }

    /// <summary>
    /// Decides what a timeout means: <see cref="TimeoutOutcome.Stale"/> when it is for an attempt
    /// already confirmed or superseded, <see cref="TimeoutOutcome.Retry"/> (attempt counted) while
    /// attempts remain, else <see cref="TimeoutOutcome.GiveUp"/>.
    /// </summary>
    public TimeoutOutcome TimedOut(CompensationTimedOut timeout, MessageContext context)
    {
        if (Running is not { } running || running.Step != timeout.Step || running.Attempt != timeout.Attempt)
        {
            return TimeoutOutcome.Stale;
        }

        if (running.Attempt >= context.Options.CompensationAttempts)
        {
            return TimeoutOutcome.GiveUp;
        }

        running.Attempt++;
        return TimeoutOutcome.Retry;
    }

    /// <summary>Ends the compensation: every step is undone. Returns the state to enter.</summary>
    public string Finish()
    {
        var target = (Running ?? throw NotRunning()).TargetState;
        Running = null;
        return target;
    }

    /// <summary>
    /// Ends the compensation unfinished: the step being undone goes back among the steps not undone.
    /// Returns the failed step and the state to enter.
    /// </summary>
    public (string Step, string State) Fail()
    {
        var running = Running ?? throw NotRunning();
        Running = null;
        CompletedSteps.Add(running.Step!);
        return (running.Step!, running.FailedState ?? running.TargetState);
    }

    /// <summary>Whether this handling began the compensation.</summary>
    internal bool BegunInHandling => _begun;

    /// <summary>The steps whose compensation this handling ran for the first time.</summary>
    internal IReadOnlyList<string> SentInHandling => (IReadOnlyList<string>?)_sent ?? [];

    /// <summary>The steps this handling counted as undone (confirmed, or needing no confirmation).</summary>
    internal IReadOnlyList<string> ConfirmedInHandling => (IReadOnlyList<string>?)_confirmed ?? [];

    /// <summary>The completed steps, without creating the list when there are none.</summary>
    internal IReadOnlyList<string> CompletedOrNone => (IReadOnlyList<string>?)_completed ?? [];

    /// <summary>The undone steps, without creating the list when there are none.</summary>
    internal IReadOnlyList<string> UndoneOrNone => (IReadOnlyList<string>?)_undone ?? [];

    private static InvalidOperationException NotRunning() => new("No compensation is under way.");

    /// <summary>How far a compensation has come.</summary>
    public sealed class Progress
    {
        /// <summary>The state to end in once every step is undone.</summary>
        public string TargetState { get; set; } = "";

        /// <summary>The state to end in when a compensation is not confirmed.</summary>
        public string? FailedState { get; set; }

        /// <summary>The wire name of the step being undone, awaiting its confirmation; <see langword="null"/> between steps.</summary>
        public string? Step { get; set; }

        /// <summary>The attempt at undoing <see cref="Step"/>, from 1.</summary>
        public int Attempt { get; set; }
    }

    /// <summary>What a <see cref="CompensationTimedOut"/> means for the instance.</summary>
    public enum TimeoutOutcome
    {
        /// <summary>The timeout is for an attempt that is over; drop it.</summary>
        Stale,

        /// <summary>Send the compensation again.</summary>
        Retry,

        /// <summary>Every attempt timed out: end in the failed state.</summary>
        GiveUp,
    }
}
