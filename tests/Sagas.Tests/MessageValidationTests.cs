using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagas.InMemory;

namespace Sagas.Tests;

/// <summary>A message without what its handlers need is dead-lettered at once, naming the member, and no handler runs.</summary>
public sealed class MessageValidationTests
{
    [Fact]
    public async Task A_command_with_an_empty_body_is_dead_lettered_naming_the_member_and_its_handler_never_runs()
    {
        var (dead, handler) = await DeadLetterAsync("CapturePayment", "{}");

        Assert.Contains("'orderId'", dead.Reason);
        Assert.IsType<System.Text.Json.JsonException>(dead.Exception);
        Assert.Equal(0, handler.Attempts);
    }

    [Fact]
    public async Task A_null_where_the_message_type_allows_none_is_dead_lettered()
    {
        var (dead, _) = await DeadLetterAsync("RefundPayment", $$"""{"orderId":"{{Guid.NewGuid()}}","paymentId":null}""");

        Assert.Contains("'PaymentId'", dead.Reason);
    }

    [Fact]
    public async Task An_empty_saga_key_is_dead_lettered_naming_the_member()
    {
        var (dead, _) = await DeadLetterAsync("OrderPlaced", $$"""{"orderId":"{{Guid.Empty}}","amount":1}""");

        Assert.IsType<MissingCorrelationIdException>(dead.Exception);
        Assert.Contains("OrderPlaced.OrderId is empty", dead.Reason);
    }

    [Fact]
    public async Task A_command_a_saga_sends_with_an_empty_key_is_dead_lettered_and_its_handler_never_runs()
    {
        var (dead, handler) = await DeadLetterAsync("CapturePayment", $$"""{"orderId":"{{Guid.Empty}}","amount":1}""");

        Assert.IsType<MissingCorrelationIdException>(dead.Exception);
        Assert.Contains("CapturePayment.OrderId is empty", dead.Reason);
        Assert.Equal(0, handler.Attempts);
    }

    [Fact]
    public async Task A_participant_only_process_refuses_a_command_with_an_empty_key_too()
    {
        await using var harness = new EngineHarness(build: b => b.WithoutSagas());

        var exception = await Assert.ThrowsAsync<MissingCorrelationIdException>(() =>
            harness.Engine.HandleAsync(Envelope.Create(new RefundPayment(Guid.Empty, "pay-1"), "RefundPayment"), CancellationToken.None).AsTask());

        Assert.Equal("RefundPayment.OrderId", exception.Property);
        Assert.Empty(harness.Recorded.Items.OfType<RefundPayment>());
    }

    [Theory]
    [InlineData("HoldRoom")] // a step's command
    [InlineData("ReleaseRoom")] // sent by a compensation
    public async Task Commands_a_workflow_sends_are_refused_with_an_empty_key(string wireName)
    {
        await using var harness = new EngineHarness();
        object command = wireName == "HoldRoom" ? new HoldRoom(Guid.Empty, "Ada") : new ReleaseRoom(Guid.Empty, "101", "Ada");

        var exception = await Assert.ThrowsAsync<MissingCorrelationIdException>(() =>
            harness.Engine.HandleAsync(Envelope.Create(command, wireName), CancellationToken.None).AsTask());

        Assert.Equal(wireName + ".BookingId", exception.Property);
    }

    [Theory]
    [InlineData("{}", "'saga'")]
    [InlineData("""{"saga":"","correlationKey":"k","step":"TruckBooked","attempt":1}""", "CompensationTimedOut.Saga is empty")]
    [InlineData("""{"saga":"Sagas.Tests.MoveSaga","correlationKey":"","step":"TruckBooked","attempt":1}""", "CompensationTimedOut.CorrelationKey is empty")]
    [InlineData("""{"saga":"Sagas.Tests.MoveSaga","correlationKey":"k","step":"","attempt":1}""", "CompensationTimedOut.Step is empty")]
    [InlineData("""{"saga":"Sagas.Tests.MoveSaga","correlationKey":"k","step":"TruckBooked","attempt":0}""", "CompensationTimedOut.Attempt is 0")]
    public async Task A_malformed_compensation_timeout_is_dead_lettered(string body, string reason)
    {
        var (dead, _) = await DeadLetterAsync(CompensationTimedOut.WireName, body);

        Assert.Contains(reason, dead.Reason);
    }

    // Runs the body through the hosted worker, which retries nothing here before dead-lettering
    // only because the error is permanent: its retry delays are long.
    private static async Task<(DeadLetter Dead, WorkerRetryTests.FlakyHandler Handler)> DeadLetterAsync(string wireName, string body)
    {
        var handler = new WorkerRetryTests.FlakyHandler(failures: 0);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(handler);
        builder.Services.AddSagas(o => o.RetryDelays = [TimeSpan.FromMinutes(5)])
            .AddHandler<CapturePayment, WorkerRetryTests.FlakyHandler>()
            .AddHostedWorker();
        using var host = builder.Build();
        await host.StartAsync();
        var transport = host.Services.GetRequiredService<InMemoryTransport>();

        await transport.PublishAsync(new Envelope { MessageId = Guid.NewGuid().ToString("N"), MessageType = wireName, Body = Encoding.UTF8.GetBytes(body) }, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (transport.DeadLetters.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await host.StopAsync();
        return (Assert.Single(transport.DeadLetters), handler);
    }
}
