using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Tests;

// An event published in-process with MediatR, and a participant of the Sagas bus that handles it.
[Event] public sealed record TicketRaised(string TicketId, string Subject) : INotification;

[Participant]
public sealed class TicketDesk(Recorded recorded) : IMessageHandler<TicketRaised>
{
    public ValueTask HandleAsync(TicketRaised message, MessageContext context, CancellationToken cancellationToken)
    {
        recorded.Add(message);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The MediatR bridge, generated because this project references MediatR 5.1.0: an [Event] that is
/// an INotification, published with <c>IMediator.Publish</c>, reaches the Sagas bus and its handlers.
/// </summary>
public sealed class MediatRBridgeTests
{
    [Fact]
    public async Task A_notification_published_with_MediatR_reaches_the_sagas_bus_and_its_handlers()
    {
        await using var harness = new EngineHarness(build: b =>
        {
            b.AddTicketDesk().AddMediatRBridge();
            AddMediatR(b.Services);
        });
        using var scope = harness.Services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        await mediator.Publish(new TicketRaised("t-1", "printer on fire"));
        await harness.DrainAsync();

        var handled = Assert.Single(harness.Recorded.Items.OfType<TicketRaised>());
        Assert.Equal(new TicketRaised("t-1", "printer on fire"), handled);
    }

    [Fact]
    public async Task Without_the_bridge_MediatR_keeps_the_notification_to_itself()
    {
        await using var harness = new EngineHarness(build: b =>
        {
            b.AddTicketDesk();
            AddMediatR(b.Services);
        });
        using var scope = harness.Services.CreateScope();

        await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new TicketRaised("t-2", "quiet"));
        await harness.DrainAsync();

        Assert.Empty(harness.Recorded.Items.OfType<TicketRaised>());
    }

    // MediatR 5.1.0 as its DI package of that time registered it (that package is not served here).
    private static void AddMediatR(IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
    }
}
