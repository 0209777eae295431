using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sagas.Benchmarks;

/// <summary>
/// The benchmark's only log output: warnings and errors of the library, counted, the first few
/// printed to standard error as they come, so a run that quietly retries or dead-letters says so.
/// </summary>
internal sealed class LogCounter : ILoggerProvider
{
    private const int Printed = 10;
    private readonly ConcurrentQueue<string> _entries = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyCollection<string> First => _entries;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogLevel level, string category, string message, Exception? exception)
    {
        if (Interlocked.Increment(ref _count) <= Printed)
        {
            var entry = $"{level} {category}: {message}{(exception is null ? "" : " (" + exception.GetType().Name + ": " + exception.Message + ")")}";
            _entries.Enqueue(entry);
            Console.Error.WriteLine("  log: " + entry);
        }
    }

    private sealed class Logger(LogCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
