namespace Sagas.Testing;

/// <summary>
/// A <see cref="MessageContext"/> for calling one handler directly, with what the handler sent,
/// published, scheduled and cancelled read back by kind. Nothing is delivered.
/// </summary>
/// <example>
/// <code>
/// var context = new TestMessageContext();
/// await new PaymentService(...).HandleAsync(new CapturePayment(orderId, 10m), context.Context, default);
/// var captured = Assert.Single(context.Published.Select&lt;PaymentCaptured&gt;());
/// </code>
/// </example>
public sealed class TestMessageContext
{
    /// <summary>Creates the context; every <c>[Event]</c> and <c>[Command]</c> type may be sent, named as it pins or by its type name.</summary>
    /// <param name="correlationId">The correlation key of the saga instance the handler would run for, if any.</param>
    /// <param name="time">The clock scheduled messages are due by; the system clock when <see langword="null"/>.</param>
    public TestMessageContext(string? correlationId = null, TimeProvider? time = null)
        : this(AttributeRegistry.Instance, correlationId, time)
    {
    }

    /// <summary>Creates the context with the application's registry, which refuses a message it does not register.</summary>
    /// <param name="registry">The application's message registry (<c>harness.Services.GetRequiredService&lt;IMessageRegistry&gt;()</c>, or a generated <c>MessageRegistry.Instance</c>).</param>
    /// <param name="correlationId">The correlation key of the saga instance the handler would run for, if any.</param>
    /// <param name="time">The clock scheduled messages are due by; the system clock when <see langword="null"/>.</param>
    public TestMessageContext(IMessageRegistry registry, string? correlationId = null, TimeProvider? time = null) =>
        Context = MessageContext.Create(registry, correlationId, time);

    /// <summary>The context to pass to the handler.</summary>
    public MessageContext Context { get; }

    /// <summary>The commands (<c>[Command]</c>) the handler sent.</summary>
    public MessageLog Sent => new(Immediate().Where(m => MessageLog.IsCommand(m.Message)));

    /// <summary>The events (every message but a command) the handler published.</summary>
    public MessageLog Published => new(Immediate().Where(m => !MessageLog.IsCommand(m.Message)));

    /// <summary>The messages the handler scheduled, each with its <see cref="RecordedMessage.DeliverAt"/>.</summary>
    public MessageLog Scheduled => new(Context.Outgoing.Where(e => e.DeliverAt is not null).Select(e => new RecordedMessage(e, e.Message!)));

    /// <summary>The wire names of the message types whose schedules the handler cancelled.</summary>
    public IReadOnlyList<string> CancelledSchedules => Context.CancelledSchedules;

    /// <summary>Whether the handler ended its saga (<see cref="MessageContext.Complete"/>).</summary>
    public bool IsCompleted => Context.IsCompleted;

    private IEnumerable<RecordedMessage> Immediate() =>
        Context.Outgoing.Where(e => e.DeliverAt is null).Select(e => new RecordedMessage(e, e.Message!));
}
