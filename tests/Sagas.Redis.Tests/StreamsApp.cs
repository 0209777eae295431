using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sagas.Redis.Tests;

/// <summary>
/// An application of this test project on Redis (store, Streams transport, scheduler), as a real
/// host: with a worker, or without one for tests that drive the transport by hand. Settings are
/// shortened so that claims, polls and retries happen within a test's patience.
/// </summary>
public sealed class StreamsApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly ConcurrentQueue<SagaTransition> _transitions;

    private StreamsApp(IHost host, ConcurrentQueue<SagaTransition> transitions)
    {
        _host = host;
        _transitions = transitions;
    }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Publishes from application code.</summary>
    public IMessageBus Bus => Services.GetRequiredService<IMessageBus>();

    /// <summary>The Streams transport.</summary>
    public RedisStreamTransport Transport => Services.GetRequiredService<RedisStreamTransport>();

    /// <summary>Builds and starts an application.</summary>
    public static async Task<StreamsApp> StartAsync(
        string address,
        string prefix,
        bool worker = true,
        string service = "shipping",
        Action<RedisStreamsOptions>? streams = null,
        Action<RedisSagasOptions>? redis = null,
        Action<SagasBuilder>? sagas = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("SAGAS_TEST_LOGS") is { Length: > 0 } logFile)
        {
            builder.Logging.AddProvider(new FileLogs(logFile));
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var configured = builder.Services
            .AddSagas(o =>
            {
                o.Concurrency = 4;
                o.RetryDelays = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)];
                o.RelayGracePeriod = TimeSpan.FromSeconds(1);
            })
            .AddHandler<DispatchParcel, ParcelService>()
            .AddHandler<ReleaseSeat, SeatDesk>()
            .UseRedis(
                address,
                o =>
                {
                    o.KeyPrefix = prefix;
                    o.TimeoutPollInterval = TimeSpan.FromMilliseconds(50);
                    redis?.Invoke(o);
                },
                o =>
                {
                    o.ServiceName = service;
                    o.BlockTime = TimeSpan.FromMilliseconds(200);
                    o.MaintenanceInterval = TimeSpan.FromMilliseconds(100);
                    o.ClaimIdleTime = TimeSpan.FromSeconds(30);
                    streams?.Invoke(o);
                });
        sagas?.Invoke(configured);
        if (worker)
        {
            configured.AddHostedWorker();
        }

        var transitions = new ConcurrentQueue<SagaTransition>();
        builder.Services.AddSingleton<ISagaObserver>(new Recorder(transitions));
        var host = builder.Build();
        await host.StartAsync();
        return new StreamsApp(host, transitions);
    }

    /// <summary>Every transition this application's engine made, in order.</summary>
    public IReadOnlyList<SagaTransition> Transitions => [.. _transitions];

    /// <summary>The transitions of one saga instance, in order.</summary>
    public IReadOnlyList<SagaTransition> TransitionsOf(Guid id) => [.. _transitions.Where(t => t.Key.CorrelationKey == id.ToString("D"))];

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails the test after <paramref name="seconds"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Waited {seconds} s for: {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the instance <paramref name="id"/> has reached a final state.</summary>
    public Task FinishedAsync(Guid id, int seconds = 30) =>
        EventuallyAsync(() => TransitionsOf(id).Any(t => t.IsFinal), $"saga {id} to finish", seconds);

    /// <summary>Stops the host (the worker finishes the messages in hand) and disposes it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }

    private sealed class Recorder(ConcurrentQueue<SagaTransition> transitions) : ISagaObserver
    {
        public void OnTransition(SagaTransition transition) => transitions.Enqueue(transition);
    }

    private sealed class FileLogs(string path) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(path, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(string path, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (typeof(FileLogs))
                {
                    File.AppendAllText(path, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}\n");
                }
            }
        }
    }
}
