namespace Sagas.Generators.Tests.Generator;

/// <summary>A [Participant] class: its messages join the registry, and a generated Add{ClassName}() registers each handler.</summary>
public sealed class ParticipantGeneratorTests
{
    // A service with no saga: before [Participant], ChargeCard was in no registry, so sending it threw.
    private const string CardService = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Sagas;

        namespace Billing
        {
            [Command] public sealed record ChargeCard(Guid OrderId, decimal Amount);
            [Command] public sealed record VoidCharge(Guid OrderId);

            [Participant]
            public sealed class CardService : IMessageHandler<ChargeCard>, IMessageHandler<VoidCharge>
            {
                public ValueTask HandleAsync(ChargeCard message, MessageContext context, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(VoidCharge message, MessageContext context, CancellationToken cancellationToken) => default;
            }

            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.AddSagas().AddCardService();
            }
        }
        """;

    [Fact]
    public void A_participant_gets_a_registration_method_and_its_messages_a_wire_name()
    {
        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(CardService)); // fails if Startup does not compile

        var registry = GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"];

        Assert.Contains("case \"ChargeCard\":", registry, StringComparison.Ordinal);
        Assert.Contains("public static global::Sagas.SagasBuilder AddCardService(this global::Sagas.SagasBuilder builder)", registry, StringComparison.Ordinal);
        Assert.Contains(".AddHandler<global::Billing.ChargeCard, global::Billing.CardService>()", registry, StringComparison.Ordinal);
        Assert.Contains(".AddHandler<global::Billing.VoidCharge, global::Billing.CardService>();", registry, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_participants_of_one_name_get_their_full_names()
    {
        var source = CardService.Replace("services.AddSagas().AddCardService()", "services.AddSagas().AddBilling_CardService().AddRefunds_CardService()", StringComparison.Ordinal) + """

            namespace Refunds
            {
                [Sagas.Participant]
                public sealed class CardService : Sagas.IMessageHandler<Billing.VoidCharge>
                {
                    public System.Threading.Tasks.ValueTask HandleAsync(Billing.VoidCharge message, Sagas.MessageContext context, System.Threading.CancellationToken cancellationToken) => default;
                }
            }
            """;

        var (driver, _) = GeneratorHarness.Run(TestCompilation.Create(source));

        Assert.Contains("AddRefunds_CardService(", GeneratorHarness.GeneratedSources(driver)["Sagas.Generated.Registry.g.cs"], StringComparison.Ordinal);
    }
}
