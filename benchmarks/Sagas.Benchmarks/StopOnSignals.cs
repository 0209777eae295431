using System.Runtime.InteropServices;

namespace Sagas.Benchmarks;

/// <summary>
/// Ctrl+C, kill and Ctrl+\ (SIGINT, SIGTERM, SIGQUIT) cancel <see cref="Token"/> instead of ending
/// the process, so that a run's finally blocks stop the redis-server and the processes it started.
/// </summary>
internal sealed class StopOnSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;

    public StopOnSignals() =>
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];

    public CancellationToken Token => _cancel.Token;

    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _cancel.Cancel();
    }
}
