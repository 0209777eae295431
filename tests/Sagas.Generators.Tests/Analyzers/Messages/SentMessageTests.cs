using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Sagas.Generators.Analyzers;
using Sagas.Generators.Tests.Analyzers.Sagas;

namespace Sagas.Generators.Tests.Analyzers.Messages;

/// <summary>SAGA030: what a saga, workflow or participant sends through its context is a registered message.</summary>
public sealed class SentMessageTests
{
    private const string Participant = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Sagas;

        namespace Shop;

        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Event] public sealed record PaymentCaptured(Guid OrderId);
        public sealed record PaymentAudited(Guid OrderId);
        public interface IAudit { }

        [Participant]
        public sealed class PaymentService : IMessageHandler<CapturePayment>
        {
            public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken)
            {
                context.Publish(new PaymentCaptured(message.OrderId));
                return default;
            }
        }
        """;

    [Fact]
    public async Task Fires_on_a_participant_publishing_a_type_that_is_not_a_message()
    {
        var markup = Participant.Edit("context.Publish(new PaymentCaptured(message.OrderId));", "context.Publish([|new PaymentAudited(message.OrderId)|]);");

        var diagnostic = await SingleAsync(markup);

        Assert.Equal(
            "'PaymentAudited' is published here but is not an [Event] or [Command], so no registry knows it and every delivery fails at run time with UnknownMessageTypeException. Mark 'PaymentAudited' [Command] or [Event].",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("context.Send(new CapturePayment(e.OrderId, e.Amount));", "context.Send([|new Audit(e.OrderId)|]);")]
    [InlineData("context.Schedule(new PaymentTimedOut(e.OrderId), TimeSpan.FromMinutes(15));", "context.Schedule([|new Audit(e.OrderId)|], TimeSpan.FromMinutes(15));")]
    [InlineData("context.CancelScheduled<PaymentTimedOut>();", "context.CancelScheduled<[|Audit|]>();")]
    [InlineData("context.Send(new RefundPayment(Data.OrderId, Data.PaymentId!));", "context.Send([|new Audit(Data.OrderId)|]);")] // in a compensation, not a handler
    public async Task Fires_on_a_saga_sending_scheduling_or_cancelling_a_type_that_is_not_a_message(string from, string to)
    {
        var markup = SagaSources.Valid.Edit(from, to) + "\npublic sealed record Audit(System.Guid OrderId);\n";

        await SingleAsync(markup);
    }

    [Fact]
    public async Task Is_quiet_on_registered_messages_and_on_types_known_only_at_run_time()
    {
        var source = Participant.Edit("return default;", "IAudit audit = null!;\n        context.Publish(audit);\n        return default;");

        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new SentMessageAnalyzer(), source)).Diagnostics);
        Assert.Empty((await AnalyzerTestHelper.AnalyzeAsync(new SentMessageAnalyzer(), SagaSources.Valid)).Diagnostics);
    }

    [Fact]
    public async Task Is_quiet_on_a_registered_message_of_a_referenced_contracts_project()
    {
        // A contracts project: messages only, built without the generator.
        var contracts = Generator.CrossAssemblyTests.Emit(TestCompilation.Create("""
            namespace Shop.Contracts;

            [Sagas.Event] public sealed record PaymentCaptured(System.Guid OrderId);
            """).WithAssemblyName("Shop.Contracts"));
        var service = TestCompilation.Create(Participant.Edit("new PaymentCaptured(", "new Shop.Contracts.PaymentCaptured(")).AddReferences(MetadataReference.CreateFromImage(contracts));

        Assert.Empty(await service.WithAnalyzers([new SentMessageAnalyzer()]).GetAnalyzerDiagnosticsAsync());
    }

    private static async Task<Diagnostic> SingleAsync(string markup)
    {
        var (diagnostics, marked) = await AnalyzerTestHelper.AnalyzeAsync(new SentMessageAnalyzer(), markup);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SAGA030", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(marked, diagnostic.Location.SourceSpan);
        return diagnostic;
    }
}
