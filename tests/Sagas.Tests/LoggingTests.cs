using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Tests;

/// <summary>
/// What an operator reads at Information: a line when a saga starts and when it finishes, with
/// stable event ids, each inside scopes that carry the saga, its key and the message.
/// </summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task A_saga_logs_its_start_and_end_at_information_inside_scopes_naming_saga_key_and_message()
    {
        var logs = new ScopedLogRecorder();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSagas().AddChargeRefunds().AddHostedWorker();
        using var host = builder.Build();
        await host.StartAsync();
        var chargeId = $"logs-{Guid.NewGuid():N}";

        var bus = host.Services.GetRequiredService<IMessageBus>();
        await bus.PublishAsync(new ChargeRequested(chargeId));
        await bus.PublishAsync(new ChargeCaptured(chargeId, "pay-1"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!logs.Lines.Any(l => l.EventId == 1015) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await host.StopAsync();
        var started = Assert.Single(logs.Lines, l => l.EventId == 1014);
        var finished = Assert.Single(logs.Lines, l => l.EventId == 1015);
        Assert.Equal(LogLevel.Information, started.Level);
        Assert.Contains("started in AwaitingCapture on ChargeRequested", started.Message, StringComparison.Ordinal);
        Assert.Contains("finished in Captured on ChargeCaptured", finished.Message, StringComparison.Ordinal);
        foreach (var (line, messageType) in new[] { (started, "ChargeRequested"), (finished, "ChargeCaptured") })
        {
            Assert.Equal(ChargeSaga.SagaDefinition.Instance.Name, line.Scope["Saga"]);
            Assert.Equal(chargeId, line.Scope["SagaKey"]);
            Assert.Equal(chargeId, line.Scope["CorrelationId"]);
            Assert.Equal(messageType, line.Scope["MessageType"]);
            Assert.False(string.IsNullOrEmpty(line.Scope["MessageId"] as string));
        }

        // Only those two at Information: a transition's detail is Debug.
        Assert.Equal(2, logs.Lines.Count(l => l.Category.StartsWith("Sagas", StringComparison.Ordinal) && l.Level == LogLevel.Information));
    }

    [Fact]
    public async Task A_dead_lettered_message_is_an_error_with_its_event_id_and_the_message_in_scope()
    {
        var logs = new ScopedLogRecorder();
        using var host = await PaymentWorker.StartAsync(failures: int.MaxValue, logs);
        await PaymentWorker.UntilAsync(() => logs.Lines.Any(l => l.EventId == 2004));

        await host.StopAsync();
        var retry = Assert.Single(logs.Lines, l => l.EventId == 2003);
        var dead = Assert.Single(logs.Lines, l => l.EventId == 2004);
        Assert.Equal((LogLevel.Warning, LogLevel.Error), (retry.Level, dead.Level));
        Assert.Contains("payment gateway down", dead.Message, StringComparison.Ordinal);
        Assert.Equal("CapturePayment", dead.Scope["MessageType"]);
    }

    [Fact]
    public async Task A_saga_that_starts_compensating_says_so_at_information_in_the_scope_of_its_key()
    {
        var logs = new ScopedLogRecorder();
        await using var harness = new EngineHarness(build: b =>
        {
            b.Services.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
            b.AddMoveRecorder();
        });
        var move = $"logs-{Guid.NewGuid():N}";
        foreach (var message in new object[] { new MoveRequested(move), new DepositTaken(move), new TruckBooked(move), new MoversBooked(move), new ElevatorUnavailable(move) })
        {
            await harness.Bus.PublishAsync(message);
        }

        await harness.DrainAsync();

        var line = Assert.Single(logs.Lines, l => l.EventId == 1016);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains("started compensating on ElevatorUnavailable in state Elevator", line.Message, StringComparison.Ordinal);
        Assert.Equal(move, line.Scope["SagaKey"]);
    }

    private sealed record Line(string Category, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Scope);

    // Records every line with the fields of the scopes around it, as a structured logger would.
    private sealed class ScopedLogRecorder : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<Line> _lines = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyList<Line> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopedLogRecorder owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, object?>();
                owner._scopes.ForEachScope(
                    (item, fields) =>
                    {
                        if (item is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (name, value) in pairs)
                            {
                                fields[name] = value;
                            }
                        }
                    },
                    scope);
                owner._lines.Enqueue(new Line(category, logLevel, eventId.Id, formatter(state, exception), scope));
            }
        }
    }
}
