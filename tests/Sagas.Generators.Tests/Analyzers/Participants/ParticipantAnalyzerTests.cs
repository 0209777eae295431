using System.Globalization;
using Microsoft.CodeAnalysis;
using Sagas.Generators.Analyzers;

namespace Sagas.Generators.Tests.Analyzers.Participants;

/// <summary>SAGA026 and SAGA027: a [Participant] handles registered messages and can be registered by generated code.</summary>
public sealed class ParticipantAnalyzerTests
{
    private const string Participant = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Sagas;

        namespace Shop;

        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Command] public sealed record RefundPayment(Guid OrderId);
        public sealed record AuditPayment(Guid OrderId);

        [Participant]
        public sealed class PaymentService : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>
        {
            public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken) => default;

            public ValueTask HandleAsync(RefundPayment message, MessageContext context, CancellationToken cancellationToken) => default;
        }
        """;

    [Fact]
    public async Task A_participant_of_registered_messages_has_no_diagnostic()
    {
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new ParticipantAnalyzer(), Participant)).Diagnostics);
    }

    [Fact]
    public async Task SAGA026_fires_on_a_handler_of_a_type_that_is_not_a_message()
    {
        var markup = Participant
            .Edit("IMessageHandler<RefundPayment>\n", "IMessageHandler<RefundPayment>, [|IMessageHandler<AuditPayment>|]\n")
            .Edit("    public ValueTask HandleAsync(RefundPayment", "    public ValueTask HandleAsync(AuditPayment message, MessageContext context, CancellationToken cancellationToken) => default;\n\n    public ValueTask HandleAsync(RefundPayment");

        var diagnostic = await SingleAsync(markup, "SAGA026");

        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("Participant 'PaymentService' handles 'AuditPayment', which is not an [Event] or [Command]", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SAGA026_fires_on_the_class_name_when_the_handler_interface_is_inherited()
    {
        var markup = Participant
            .Edit("public sealed record AuditPayment(Guid OrderId);", "public sealed record AuditPayment(Guid OrderId);\npublic interface IAuditor : IMessageHandler<AuditPayment> { }")
            .Edit("public sealed class PaymentService : IMessageHandler<CapturePayment>", "public sealed class [|PaymentService|] : IAuditor, IMessageHandler<CapturePayment>")
            .Edit("    public ValueTask HandleAsync(RefundPayment", "    public ValueTask HandleAsync(AuditPayment message, MessageContext context, CancellationToken cancellationToken) => default;\n\n    public ValueTask HandleAsync(RefundPayment");

        await SingleAsync(markup, "SAGA026");
    }

    [Theory]
    [InlineData("public sealed class PaymentService : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>", "public abstract class PaymentService : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>", "it is abstract")]
    [InlineData("public sealed class PaymentService : IMessageHandler<CapturePayment>, IMessageHandler<RefundPayment>", "public sealed class PaymentService", "it implements no IMessageHandler<TMessage>")]
    public async Task SAGA027_fires_on_a_participant_that_generated_code_cannot_register(string from, string to, string why)
    {
        var markup = Participant.Edit(from, to).Edit("[Participant]", "[[|Participant|]]");

        var diagnostic = await SingleAsync(markup, "SAGA027");

        Assert.Equal($"[Participant] on 'PaymentService' has no effect: {why}. Make it a concrete, non-generic, top-level public or internal class implementing IMessageHandler<TMessage>.", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    private static async Task<Diagnostic> SingleAsync(string markup, string id)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new ParticipantAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
