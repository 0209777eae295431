using System.Collections.Concurrent;

namespace Sagas.Redis.Tests;

/// <summary>A command that takes a while to carry out, so that a worker has read more than it has started.</summary>
[Command("test.slow-work")]
public sealed record SlowWork(Guid WorkId);

/// <summary>Carries out <see cref="SlowWork"/> in 100 ms; counts how many times each piece of work was started, across every worker of a test.</summary>
public sealed class SlowWorker : IMessageHandler<SlowWork>
{
    public static ConcurrentDictionary<Guid, int> Started { get; } = new();

    public async ValueTask HandleAsync(SlowWork message, MessageContext context, CancellationToken cancellationToken)
    {
        Started.AddOrUpdate(message.WorkId, 1, (_, n) => n + 1);
        await Task.Delay(100, cancellationToken);
    }
}
