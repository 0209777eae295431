using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagas.Hosting;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>The hosted worker's retries: errors that may pass are retried after delays, the others dead-lettered at once.</summary>
public sealed class WorkerRetryTests
{
    [Fact]
    public async Task A_handler_that_fails_twice_then_succeeds_is_retried_and_not_dead_lettered()
    {
        var flaky = new FlakyHandler(failures: 2);
        using var host = await StartAsync(flaky);
        var transport = host.Services.GetRequiredService<InMemoryTransport>();

        await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new CapturePayment(Guid.NewGuid(), 5m));
        await flaky.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, flaky.Attempts);
        Assert.Empty(transport.DeadLetters);
    }

    [Fact]
    public async Task A_handler_that_keeps_failing_is_dead_lettered_once_its_retries_are_used_up()
    {
        var broken = new FlakyHandler(failures: int.MaxValue);
        using var host = await StartAsync(broken);
        var transport = host.Services.GetRequiredService<InMemoryTransport>();

        await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new CapturePayment(Guid.NewGuid(), 5m));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (transport.DeadLetters.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(3, broken.Attempts); // the first attempt and one per RetryDelays entry
        Assert.Contains("payment gateway down", Assert.Single(transport.DeadLetters).Reason);
    }

    [Fact]
    public void Errors_in_the_message_itself_are_permanent_lost_races_are_infrastructure_and_the_rest_transient()
    {
        static FailureKind Kind(Exception e) => MessageFailures.Classify(e, []);

        Assert.Equal(FailureKind.Permanent, Kind(UnknownMessageTypeException.ForWireName("x")));
        Assert.Equal(FailureKind.Permanent, Kind(new System.Text.Json.JsonException()));
        Assert.Equal(FailureKind.Permanent, Kind(new MalformedMessageException("no id")));
        Assert.Equal(FailureKind.Permanent, Kind(new UnexpectedMessageException("S", "k", "A", "M", UnexpectedMessagePolicy.DeadLetter)));
        Assert.Equal(FailureKind.Permanent, Kind(new SagaFinishedException("S", "k", "Done", "M")));
        Assert.Equal(FailureKind.Transient, Kind(new UnexpectedMessageException("S", "k", "A", "M", UnexpectedMessagePolicy.Fault)));
        Assert.Equal(FailureKind.Transient, Kind(new InvalidOperationException("payment gateway down")));
        Assert.Equal(FailureKind.Infrastructure, Kind(new SagaConcurrencyException(new SagaKey("S", "k"), 11)));
    }

    [Fact]
    public async Task A_failing_message_waits_for_its_retry_outside_the_worker_s_only_slot()
    {
        var handler = new SlowFirstAttempts();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(handler);
        builder.Services.AddSagas(o => (o.Concurrency, o.RetryDelays) = (1, [TimeSpan.FromSeconds(1)]))
            .AddHandler<CapturePayment, SlowFirstAttempts>()
            .AddHostedWorker();
        using var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IMessageBus>();

        var failing = Guid.NewGuid();
        var healthy = Guid.NewGuid();
        await bus.PublishAsync(new CapturePayment(failing, 1m));
        await bus.PublishAsync(new CapturePayment(healthy, 2m));
        await handler.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        // The healthy message went through while the failing one waited for its retry, which then succeeded.
        Assert.Equal([failing, healthy, failing], handler.Calls);
    }

    [Fact]
    public async Task A_failed_acknowledgement_does_not_stop_the_worker()
    {
        var handler = new FlakyHandler(failures: 0);
        var transport = new UnackableTransport([
            TestEnvelope(new CapturePayment(Guid.NewGuid(), 1m)),
            TestEnvelope(new CapturePayment(Guid.NewGuid(), 2m))]);
        using var host = await StartAsync(handler, transport);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (handler.Attempts < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(2, handler.Attempts); // the second message was handled after the first's acknowledgement failed
        Assert.Equal(2, transport.AckAttempts);
    }

    [Fact]
    public void Retry_delays_from_configuration_replace_the_defaults()
    {
        var configuration = Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
            new Dictionary<string, string?> { ["Sagas:RetryDelays:0"] = "00:00:02" }).Build();
        var options = new SagasOptions();

        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(SagasOptions.SectionName), options);

        Assert.Equal([TimeSpan.FromSeconds(2)], options.RetryDelays);
        Assert.Null(new SagasOptions().RetryDelays); // unset: the worker uses DefaultRetryDelays
    }

    private static Envelope TestEnvelope(object message) => Envelope.Create(message, message.GetType().Name);

    private static async Task<IHost> StartAsync(FlakyHandler handler, IMessageTransport? transport = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(handler);
        builder.Services.AddSagas(o => o.RetryDelays = [TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5)])
            .AddHandler<CapturePayment, FlakyHandler>()
            .AddHostedWorker();
        if (transport is not null)
        {
            builder.Services.AddSingleton(transport);
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Hands out its envelopes once; every acknowledgement throws, as when the broker went away.</summary>
    private sealed class UnackableTransport(Envelope[] envelopes) : IMessageTransport
    {
        private int _ackAttempts;

        public int AckAttempts => _ackAttempts;

        public ValueTask PublishAsync(Envelope envelope, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public async IAsyncEnumerable<IncomingMessage> ReceiveAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var envelope in envelopes)
            {
                yield return new Received(envelope, this);
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        private sealed class Received(Envelope envelope, UnackableTransport transport) : IncomingMessage(envelope)
        {
            public override ValueTask AckAsync(CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref transport._ackAttempts);
                throw new IOException("broker gone");
            }

            public override ValueTask DeadLetterAsync(string reason, Exception? exception, CancellationToken cancellationToken) => throw new IOException("broker gone");

            public override ValueTask RetryLaterAsync(TimeSpan delay, bool countsAsAttempt, CancellationToken cancellationToken) => throw new IOException("broker gone");
        }
    }

    /// <summary>Fails an order's payment the first time it sees it, and succeeds the second; records every call.</summary>
    public sealed class SlowFirstAttempts : IMessageHandler<CapturePayment>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Guid> _calls = new();

        public IReadOnlyList<Guid> Calls => [.. _calls];

        public TaskCompletionSource Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
        {
            var first = !_calls.Contains(message.OrderId);
            _calls.Enqueue(message.OrderId);
            if (first && _calls.Count == 1)
            {
                throw new InvalidOperationException("payment gateway down");
            }

            if (_calls.Count == 3)
            {
                Succeeded.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Throws for its first <c>failures</c> calls, then succeeds.</summary>
    public sealed class FlakyHandler(int failures) : IMessageHandler<CapturePayment>
    {
        private int _attempts;

        public int Attempts => _attempts;

        public TaskCompletionSource Succeeded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _attempts) <= failures)
            {
                throw new InvalidOperationException("payment gateway down");
            }

            Succeeded.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
