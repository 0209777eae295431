using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Sagas.InMemory;

namespace Sagas.Testing;

/// <summary>
/// The real engine, in memory, on a fake clock, driven by the test: publish a message, then
/// <see cref="IdleAsync"/> handles it and everything it causes, one message at a time, as the
/// worker would (retries and dead letters included); <see cref="AdvanceTimeAsync"/> moves the clock
/// so that timeouts and retries come due, and handles them. What went by is in <see cref="Published"/>,
/// <see cref="Sent"/>, <see cref="Scheduled"/> and <see cref="DeadLettered"/>; a saga instance is
/// read with <see cref="GetSagaAsync{TSaga, TData}(string, CancellationToken)"/>. Works with any test framework.
/// </summary>
/// <remarks>
/// The services are built at the first use; register canned replies (<see cref="Reply{TMessage}"/>)
/// before it. Hosted services (<c>AddHostedWorker()</c>) are registered but never started: the
/// harness is the worker. The store, transport and scheduler are always the in-memory ones.
/// </remarks>
public sealed class SagaTestHarness : IAsyncDisposable
{
    /// <summary>Where the fake clock starts unless told otherwise: 2026-01-01 00:00 UTC.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // As SagaWorker.InfrastructureRetryDelay (Sagas.Hosting, which this package does not reference).
    private static readonly TimeSpan InfrastructureRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Func<IServiceCollection, SagasBuilder> _configure;
    private readonly CannedReplies _replies = new();
    private readonly List<Action<SagasBuilder>> _replacing = [];
    private readonly Recorder _recorder = new();
    private readonly List<(string MessageId, DateTimeOffset Due)> _retries = [];
    private ServiceProvider? _services;
    private SagaEngine? _engine;
    private InMemoryTransport? _transport;
    private IFailureClassifier[] _classifiers = [];
    private TimeSpan[] _retryDelays = [];
    private SagasOptions? _options;

    /// <summary>Creates the harness; nothing is built until its first use.</summary>
    /// <param name="configure">
    /// Registers the application as its service would, returning the builder: usually
    /// <c>services =&gt; services.AddSagas().AddPaymentService()</c>, with the generated
    /// <c>AddSagas()</c> of the test project (which composes the referenced projects' sagas and
    /// messages) and the referenced services' public <c>Add{Participant}()</c>.
    /// </param>
    /// <param name="start">Where the fake clock starts; <see cref="DefaultStart"/> when <see langword="null"/>.</param>
    public SagaTestHarness(Func<IServiceCollection, SagasBuilder> configure, DateTimeOffset? start = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure = configure;
        Time = new FakeTimeProvider(start ?? DefaultStart);
    }

    /// <summary>The fake clock every part of the engine reads; moved only by <see cref="AdvanceTimeAsync"/> (or by hand).</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>How long, in real time, <see cref="IdleAsync"/> may take before it gives up with a <see cref="SagaTestTimeoutException"/>. Default: 10 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The application's services, built on first use.</summary>
    public IServiceProvider Services => Start();

    /// <summary>Every message published or sent so far (by the test, a saga or a participant), in order; scheduled ones are in <see cref="Scheduled"/>.</summary>
    public MessageLog Messages => new(_recorder.Messages());

    /// <summary>The commands (<c>[Command]</c>) sent so far, in order.</summary>
    public MessageLog Sent => new(_recorder.Messages().Where(m => MessageLog.IsCommand(m.Message)));

    /// <summary>The events (every message but a command) published so far, in order.</summary>
    public MessageLog Published => new(_recorder.Messages().Where(m => !MessageLog.IsCommand(m.Message)));

    /// <summary>Every message scheduled so far (timeouts), in order, each with its <see cref="RecordedMessage.DeliverAt"/>; those cancelled or delivered since included.</summary>
    public MessageLog Scheduled => new(_recorder.ScheduledMessages());

    /// <summary>The messages that could not be handled, oldest first, each with its <see cref="RecordedMessage.Reason"/> and <see cref="RecordedMessage.Exception"/>.</summary>
    public MessageLog DeadLettered
    {
        get
        {
            Start();
            return new(_transport!.DeadLetters.Select(d => new RecordedMessage(d.Envelope, Read(d.Envelope)) { Reason = d.Reason, Exception = d.Exception }));
        }
    }

    /// <summary>
    /// Replaces every handler of <typeparamref name="TMessage"/> (a participant's) with a canned
    /// reply: <paramref name="reply"/> is called with each message and what it returns is published,
    /// or nothing when it returns <see langword="null"/> (a participant that never answers). The
    /// participant's handlers of other messages stay. Call it before the harness is first used.
    /// </summary>
    /// <exception cref="InvalidOperationException">The harness is already in use.</exception>
    public SagaTestHarness Reply<TMessage>(Func<TMessage, object?> reply) where TMessage : notnull
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (_services is not null)
        {
            throw new InvalidOperationException($"Reply<{typeof(TMessage).Name}> comes too late: the harness is in use. Register canned replies before the first publish or read.");
        }

        _replies.ByType[typeof(TMessage)] = message => reply((TMessage)message);
        _replacing.Add(builder => builder.RemoveHandlers<TMessage>().AddHandler<TMessage, CannedReply<TMessage>>());
        return this;
    }

    /// <summary>Publishes an event or sends a command, as <see cref="IMessageBus.PublishAsync{TMessage}(TMessage, CancellationToken)"/>; nothing is handled until <see cref="IdleAsync"/>.</summary>
    public ValueTask PublishAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) where TMessage : notnull =>
        Services.GetRequiredService<IMessageBus>().PublishAsync(message, cancellationToken);

    /// <summary>Sends a command; the same as <see cref="PublishAsync{TMessage}(TMessage, CancellationToken)"/>, named for commands.</summary>
    public ValueTask SendAsync<TCommand>(TCommand command, CancellationToken cancellationToken = default) where TCommand : notnull =>
        PublishAsync(command, cancellationToken);

    /// <summary>
    /// Handles every waiting message, and those they cause, until none is queued and no retry is
    /// due: the system is idle at the current time. Timeouts and retries due later wait for <see cref="AdvanceTimeAsync"/>.
    /// </summary>
    /// <returns>How many deliveries were handled.</returns>
    /// <exception cref="SagaTestTimeoutException">Not idle within <see cref="IdleTimeout"/> of real time.</exception>
    public async Task<int> IdleAsync(CancellationToken cancellationToken = default)
    {
        Start();
        var started = Stopwatch.GetTimestamp();
        var handled = 0;
        var last = new Queue<string>();
        while (true)
        {
            while (_transport!.TryReceive(out var incoming))
            {
                last.Enqueue(incoming.Envelope.MessageType);
                if (last.Count > 10)
                {
                    last.Dequeue();
                }

                var remaining = IdleTimeout - Stopwatch.GetElapsedTime(started);
                try
                {
                    await HandleAsync(incoming, cancellationToken).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    throw new SagaTestTimeoutException(
                        $"Not idle after {IdleTimeout.TotalSeconds:0.###} s: the handling of {incoming.Envelope.MessageType} (message {incoming.Envelope.MessageId}) has not returned. A handler that waits for something that never comes?");
                }

                handled++;
                if (Stopwatch.GetElapsedTime(started) > IdleTimeout)
                {
                    throw new SagaTestTimeoutException(
                        $"Not idle after {IdleTimeout.TotalSeconds:0.###} s: {handled} deliveries handled and messages still coming; the last ones: {string.Join(", ", last)}. A loop of messages?");
                }
            }

            var now = Time.GetUtcNow();
            List<(string MessageId, DateTimeOffset Due)> due;
            lock (_retries)
            {
                due = [.. _retries.Where(r => r.Due <= now)];
            }

            if (due.Count == 0)
            {
                return handled;
            }

            // A retry that came due is on its way back to the queue (a timer's continuation): wait for it.
            if (Stopwatch.GetElapsedTime(started) > IdleTimeout)
            {
                throw new SagaTestTimeoutException(
                    $"Not idle after {IdleTimeout.TotalSeconds:0.###} s: {due.Count} retries due by {now:O} have not come back (message ids {string.Join(", ", due.Select(r => r.MessageId))}).");
            }

            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves the fake clock forward by <paramref name="by"/>, stopping at every time something was
    /// due (a timeout, a retry) to handle what came due and what it caused, as <see cref="IdleAsync"/>:
    /// a timeout scheduled by a handling on the way fires too when it falls within the advance.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is negative.</exception>
    /// <exception cref="SagaTestTimeoutException">Not idle within <see cref="IdleTimeout"/> at one of the stops.</exception>
    public async Task AdvanceTimeAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        await IdleAsync(cancellationToken).ConfigureAwait(false);
        var until = Time.GetUtcNow() + by;
        while (true)
        {
            var now = Time.GetUtcNow();
            var next = _recorder.NextDue(now, until) ?? until;
            Time.Advance(next - now);
            await IdleAsync(cancellationToken).ConfigureAwait(false);
            if (next >= until)
            {
                return;
            }
        }
    }

    /// <summary>One instance of <typeparamref name="TSaga"/> with its data, history and scheduled messages; <see langword="null"/> when there is none under <paramref name="correlationKey"/>.</summary>
    /// <typeparam name="TSaga">The saga class.</typeparam>
    /// <typeparam name="TData">Its data type.</typeparam>
    /// <param name="correlationKey">The instance's key, as the saga's <c>[CorrelationId]</c> reads: a <see cref="Guid"/> in its "D" form, a string as it is.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ArgumentException">The application has no such saga.</exception>
    public async Task<SagaInstance<TData>?> GetSagaAsync<TSaga, TData>(string correlationKey, CancellationToken cancellationToken = default)
        where TData : class, new()
    {
        ArgumentNullException.ThrowIfNull(correlationKey);
        var details = await Services.GetRequiredService<ISagaAdmin>().GetInstanceAsync(SagaName(typeof(TSaga)), correlationKey, cancellationToken).ConfigureAwait(false);
        if (details is null)
        {
            return null;
        }

        var data = SagaDocument.Read<TData>(details.DocumentJson, new SagaCompensation(), _options!.JsonSerializerOptions);
        return new SagaInstance<TData>(details, data);
    }

    /// <inheritdoc cref="GetSagaAsync{TSaga, TData}(string, CancellationToken)"/>
    public Task<SagaInstance<TData>?> GetSagaAsync<TSaga, TData>(Guid correlationKey, CancellationToken cancellationToken = default)
        where TData : class, new() =>
        GetSagaAsync<TSaga, TData>(correlationKey.ToString("D"), cancellationToken);

    /// <summary>
    /// Puts an instance of <typeparamref name="TSaga"/> in the store in <paramref name="state"/> with
    /// <paramref name="data"/>, as if its earlier steps had run: the "given" of a test of one step. Its
    /// compensation log is empty, so a compensation it begins undoes nothing done before the test.
    /// </summary>
    /// <typeparam name="TSaga">The saga class.</typeparam>
    /// <typeparam name="TData">Its data type.</typeparam>
    /// <param name="correlationKey">The instance's key, as the saga's <c>[CorrelationId]</c> reads.</param>
    /// <param name="state">One of the saga's states, such as <c>OrderSaga.State.AwaitingStock</c>.</param>
    /// <param name="data">Its data, saved as a step saves it.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ArgumentException">The application has no such saga, or the saga no such state.</exception>
    /// <exception cref="InvalidOperationException">An instance under that key exists already.</exception>
    public async Task GivenSagaAsync<TSaga, TData>(string correlationKey, Enum state, TData data, CancellationToken cancellationToken = default)
        where TData : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(correlationKey);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(data);
        var name = SagaName(typeof(TSaga));
        var saga = Services.GetRequiredService<ISagaRouter>().Sagas.FirstOrDefault(s => s.Name == name)
            ?? throw new ArgumentException($"The application registers no saga {name}: add it with AddSagas() in the harness's configure.", nameof(TSaga));
        var stateName = state.ToString();
        if (!saga.Description.States.Contains(stateName))
        {
            throw new ArgumentException($"Saga {name} has no state '{stateName}'; its states are {string.Join(", ", saga.Description.States)}.", nameof(state));
        }

        var document = SagaDocument.Create(data, new SagaCompensation(), _options!.JsonSerializerOptions);
        var commit = new SagaCommit(
            new SagaKey(name, correlationKey), stateName, document, saga.Description.FinalStates.Contains(stateName),
            ExpectedVersion: 0, MessageId: "given-" + Guid.NewGuid().ToString("N"), Outbox: [], FromState: null, MessageType: "given");
        if (!await Services.GetRequiredService<ISagaStore>().TryCommitAsync(commit, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"An instance of {name} under key '{correlationKey}' exists already; give each test its own key.");
        }
    }

    /// <inheritdoc cref="GivenSagaAsync{TSaga, TData}(string, Enum, TData, CancellationToken)"/>
    public Task GivenSagaAsync<TSaga, TData>(Guid correlationKey, Enum state, TData data, CancellationToken cancellationToken = default)
        where TData : class, new() =>
        GivenSagaAsync<TSaga, TData>(correlationKey.ToString("D"), state, data, cancellationToken);

    /// <summary>Disposes the services: the in-memory store, transport and scheduler.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IServiceProvider Start()
    {
        if (_services is not null)
        {
            return _services;
        }

        var services = new ServiceCollection();
        var builder = _configure(services) ?? throw new InvalidOperationException("The harness's configure returned no SagasBuilder: return services.AddSagas()… from it.");
        foreach (var replace in _replacing)
        {
            replace(builder);
        }

        // The harness's clock, and the in-memory parts with what goes through them recorded.
        services.AddSingleton(_replies);
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
        services.Replace(ServiceDescriptor.Singleton<ISagaStore, InMemorySagaStore>());
        services.Replace(ServiceDescriptor.Singleton(sp => new InMemoryTransport(
            sp.GetRequiredService<IMessageRegistry>(), sp.GetRequiredService<IOptions<SagasOptions>>(), Time, sp.GetRequiredService<ILogger<InMemoryTransport>>())));
        services.Replace(ServiceDescriptor.Singleton<IMessageTransport>(sp => new RecordingTransport(sp.GetRequiredService<InMemoryTransport>(), _recorder)));
        services.Replace(ServiceDescriptor.Singleton<IDeadLetters>(sp => sp.GetRequiredService<InMemoryTransport>()));
        services.Replace(ServiceDescriptor.Singleton<ITransportBacklog>(sp => sp.GetRequiredService<InMemoryTransport>()));
        services.Replace(ServiceDescriptor.Singleton<IFlowHistory>(sp => sp.GetRequiredService<InMemoryTransport>()));
        services.Replace(ServiceDescriptor.Singleton<IMessageScheduler>(sp => new RecordingScheduler(
            new InMemoryScheduler(sp.GetRequiredService<InMemoryTransport>(), Time, sp.GetRequiredService<ILogger<InMemoryScheduler>>()), _recorder)));

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _engine = provider.GetRequiredService<SagaEngine>();
        _transport = provider.GetRequiredService<InMemoryTransport>();
        _classifiers = [.. provider.GetServices<IFailureClassifier>()];
        _options = provider.GetRequiredService<IOptions<SagasOptions>>().Value;
        _retryDelays = [.. (IEnumerable<TimeSpan>?)_options.RetryDelays ?? SagasOptions.DefaultRetryDelays];
        _services = provider;
        return provider;
    }

    // One delivery, settled as the worker settles it (Sagas.Hosting's SagaWorker).
    private async Task HandleAsync(IncomingMessage incoming, CancellationToken cancellationToken)
    {
        var envelope = incoming.Envelope;
        lock (_retries)
        {
            var waiting = _retries.FindIndex(r => r.MessageId == envelope.MessageId);
            if (waiting >= 0)
            {
                _retries.RemoveAt(waiting);
            }
        }

        try
        {
            await _engine!.HandleAsync(incoming, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var kind = MessageFailures.Classify(exception, _classifiers);
            TimeSpan? retry = kind switch
            {
                FailureKind.Infrastructure => InfrastructureRetryDelay,
                FailureKind.Transient when incoming.Delivery <= _retryDelays.Length => _retryDelays[(int)incoming.Delivery - 1],
                _ => null,
            };
            if (retry is { } delay)
            {
                var due = Time.GetUtcNow() + delay;
                lock (_retries)
                {
                    _retries.Add((envelope.MessageId, due));
                }

                _recorder.Due(due);
                await incoming.RetryLaterAsync(delay, countsAsAttempt: kind != FailureKind.Infrastructure, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await incoming.DeadLetterAsync(exception.Message, exception, CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }

        await incoming.AckAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private string SagaName(Type saga)
    {
        var name = saga.FullName ?? saga.Name;
        var sagas = Services.GetRequiredService<ISagaRouter>().Sagas;
        return sagas.FirstOrDefault(s => s.Name == name || s.Name == name.Replace('+', '.'))?.Name ?? name;
    }

    private object Read(Envelope envelope)
    {
        if (envelope.Message is { } message)
        {
            return message;
        }

        var registry = Services.GetRequiredService<IMessageRegistry>();
        try
        {
            return registry.TryDeserialize(envelope.MessageType, envelope.Version, envelope.Body.Span, _options!.JsonSerializerOptions, out var read) ? read : envelope;
        }
        catch (JsonException)
        {
            return envelope; // a malformed body: the dead letter's reason says so
        }
    }
}
