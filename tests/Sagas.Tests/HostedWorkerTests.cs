using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagas.InMemory;

namespace Sagas.Tests;

public sealed class HostedWorkerTests
{
    [Fact]
    public async Task The_worker_dead_letters_a_bad_message_and_goes_on_with_the_next()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        builder.Services.AddSingleton<ISagaObserver>(new FinishedObserver(finished));
        builder.Services.AddSagas().AddHostedWorker();
        using var host = builder.Build();
        await host.StartAsync();
        var transport = host.Services.GetRequiredService<InMemoryTransport>();
        var bus = host.Services.GetRequiredService<IMessageBus>();
        var orderId = Guid.NewGuid();

        await transport.PublishAsync(new Envelope { MessageId = "bad-1", MessageType = "nobody.knows.me", Body = "{}"u8.ToArray() }, CancellationToken.None);
        await transport.PublishAsync(new Envelope { MessageId = "bad-2", MessageType = "OrderPlaced", Body = "{not json"u8.ToArray() }, CancellationToken.None);
        await bus.PublishAsync(new OrderPlaced(orderId, 5m));
        await bus.PublishAsync(new PaymentCaptured(orderId, "pay-1"));
        await bus.PublishAsync(new StockReserved(orderId));
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        var deadLetters = transport.DeadLetters.ToList();
        Assert.Equal(["bad-1", "bad-2"], deadLetters.Select(d => d.Envelope.MessageId));
        Assert.Contains("nobody.knows.me", deadLetters[0].Reason);
        Assert.IsType<System.Text.Json.JsonException>(deadLetters[1].Exception, exactMatch: false);
    }

    private sealed class FinishedObserver(TaskCompletionSource finished) : ISagaObserver
    {
        public void OnTransition(SagaTransition transition)
        {
            if (transition.IsFinal)
            {
                finished.TrySetResult();
            }
        }
    }
}
