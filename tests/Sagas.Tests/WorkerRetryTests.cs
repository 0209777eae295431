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
        while (transport.DeadLetters.Count == 0)
        {
            await Task.Delay(10);
        }

        Assert.Equal(3, broken.Attempts); // the first attempt and one per RetryDelays entry
        Assert.Contains("payment gateway down", Assert.Single(transport.DeadLetters).Reason);
    }

    [Fact]
    public void Errors_in_the_message_itself_are_permanent_and_the_others_are_not()
    {
        Assert.True(SagaWorker.IsPermanent(UnknownMessageTypeException.ForWireName("x")));
        Assert.True(SagaWorker.IsPermanent(new System.Text.Json.JsonException()));
        Assert.True(SagaWorker.IsPermanent(new MalformedMessageException("no id")));
        Assert.True(SagaWorker.IsPermanent(new UnexpectedMessageException("S", "k", "A", "M", UnexpectedMessagePolicy.DeadLetter)));
        Assert.False(SagaWorker.IsPermanent(new UnexpectedMessageException("S", "k", "A", "M", UnexpectedMessagePolicy.Fault)));
        Assert.False(SagaWorker.IsPermanent(new InvalidOperationException("payment gateway down")));
        Assert.False(SagaWorker.IsPermanent(new SagaConcurrencyException(new SagaKey("S", "k"), 11)));
    }

    private static async Task<IHost> StartAsync(FlakyHandler handler)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(handler);
        builder.Services.AddSagas(o => o.RetryDelays = [TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5)])
            .AddHandler<CapturePayment, FlakyHandler>()
            .AddHostedWorker();
        var host = builder.Build();
        await host.StartAsync();
        return host;
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
