using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>Dead letters in memory: listed with filters, read in full, replayed to be handled again, deleted.</summary>
public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_dead_letter_is_listed_read_and_replayed_and_its_handler_then_takes_it()
    {
        using var host = await PaymentWorker.StartAsync(failures: 2); // the first try and its one retry fail
        var deadLetters = host.Services.GetRequiredService<IDeadLetters>();
        await PaymentWorker.UntilAsync(() => host.Services.GetRequiredService<InMemoryTransport>().DeadLetters.Count == 1);

        var listed = Assert.Single(await deadLetters.ListAsync(new DeadLetterQuery { MessageType = "CapturePayment", Reason = "GATEWAY" }, default));
        Assert.Empty(await deadLetters.ListAsync(new DeadLetterQuery { MessageType = "OrderPlaced" }, default));
        var read = await deadLetters.GetAsync(listed.Id, default);
        Assert.Equal(listed, read);
        Assert.Equal(typeof(InvalidOperationException).FullName, read!.ExceptionType);
        Assert.Contains("\"amount\":5", read.Body, StringComparison.Ordinal);

        Assert.True(await deadLetters.ReplayAsync(listed.Id, "ops@example.com", default));
        var handler = host.Services.GetRequiredService<WorkerRetryTests.FlakyHandler>();
        await handler.Succeeded.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, handler.Attempts);
        Assert.Null(await deadLetters.GetAsync(listed.Id, default));
        Assert.False(await deadLetters.ReplayAsync(listed.Id, "ops@example.com", default)); // gone once republished
        await host.StopAsync();
    }

    [Fact]
    public async Task A_deleted_dead_letter_is_gone_and_never_handled()
    {
        using var host = await PaymentWorker.StartAsync(failures: int.MaxValue);
        var deadLetters = host.Services.GetRequiredService<IDeadLetters>();
        await PaymentWorker.UntilAsync(() => host.Services.GetRequiredService<InMemoryTransport>().DeadLetters.Count == 1);
        var id = Assert.Single(await deadLetters.ListAsync(new DeadLetterQuery(), default)).Id;

        Assert.True(await deadLetters.DeleteAsync(id, "ops@example.com", default));

        Assert.Empty(await deadLetters.ListAsync(new DeadLetterQuery(), default));
        Assert.False(await deadLetters.DeleteAsync(id, "ops@example.com", default));
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_dead_letter_matching_a_filter_is_replayed_at_once()
    {
        using var host = await PaymentWorker.StartAsync(failures: 4); // two messages, each failing its try and its retry
        await host.Services.GetRequiredService<IMessageBus>().PublishAsync(new CapturePayment(Guid.NewGuid(), 7m));
        var transport = host.Services.GetRequiredService<InMemoryTransport>();
        await PaymentWorker.UntilAsync(() => transport.DeadLetters.Count == 2);
        var deadLetters = host.Services.GetRequiredService<IDeadLetters>();

        Assert.Equal(0, await deadLetters.ReplayAllAsync(new DeadLetterQuery { MessageType = "OrderPlaced" }, "ops@example.com", default));
        Assert.Equal(2, await deadLetters.ReplayAllAsync(new DeadLetterQuery { MessageType = "CapturePayment" }, "ops@example.com", default));

        var handler = host.Services.GetRequiredService<WorkerRetryTests.FlakyHandler>();
        await PaymentWorker.UntilAsync(() => handler.Attempts == 6);
        Assert.Equal(6, handler.Attempts);
        Assert.Empty(transport.DeadLetters);
        await host.StopAsync();
    }
}
