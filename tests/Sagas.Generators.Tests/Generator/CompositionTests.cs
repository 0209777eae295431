using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.Extensions.DependencyInjection;

namespace Sagas.Generators.Tests.Generator;

/// <summary>
/// Projects that compose: an application registers the participants of a library it references,
/// and a project that sees another's internals (a test project) binds to its own AddSagas().
/// </summary>
public sealed class CompositionTests
{
    // A library of services: one public participant, one internal.
    private const string PaymentLibrary = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;
        using Sagas;

        namespace Shop.Payments;

        [Command] public sealed record CapturePayment(Guid OrderId, decimal Amount);
        [Command] public sealed record AuditPayment(Guid OrderId);

        [Participant]
        public sealed class PaymentService : IMessageHandler<CapturePayment>
        {
            public ValueTask HandleAsync(CapturePayment message, MessageContext context, CancellationToken cancellationToken) => default;
        }

        [Participant]
        internal sealed class AuditService : IMessageHandler<AuditPayment>
        {
            public ValueTask HandleAsync(AuditPayment message, MessageContext context, CancellationToken cancellationToken) => default;
        }

        internal static class LibraryStartup
        {
            public static SagasBuilder Register(IServiceCollection services) => services.AddSagas().AddPaymentService().AddAuditService();
        }
        """;

    // No 'using Sagas;': the registrations are imported by the generated code.
    private const string Application = """
        using Microsoft.Extensions.DependencyInjection;

        namespace Shop.App;

        public static class Startup
        {
            public static Sagas.SagasBuilder Register(IServiceCollection services) => services.AddSagas().AddPaymentService();
        }
        """;

    [Fact]
    public void An_application_registers_the_public_participants_of_a_library_it_references()
    {
        var payments = CrossAssemblyTests.Build(TestCompilation.Create(PaymentLibrary).WithAssemblyName("Shop.Payments"));
        var app = TestCompilation.Create(Application).WithAssemblyName("Shop.App").AddReferences(MetadataReference.CreateFromImage(payments));

        var (_, output) = GeneratorHarness.Run(app); // fails unless AddPaymentService() binds

        Run(payments, output, "Shop.App.Startup", (services, library) =>
        {
            Assert.Contains(services, d => d.ServiceType == library.GetType("Shop.Payments.PaymentService"));
            var registry = (IMessageRegistry)services.Single(d => d.ServiceType == typeof(IMessageRegistry)).ImplementationInstance!;
            Assert.True(registry.TryGetWireNameOf(library.GetType("Shop.Payments.CapturePayment")!, out var wireName));
            Assert.Equal("CapturePayment", wireName);
        });
    }

    [Fact]
    public void An_internal_participant_of_a_library_is_registered_from_its_own_project_only()
    {
        var payments = CrossAssemblyTests.Build(TestCompilation.Create(PaymentLibrary).WithAssemblyName("Shop.Payments")); // registers both
        var app = TestCompilation.Create(Application.Replace(".AddPaymentService()", ".AddAuditService()", StringComparison.Ordinal))
            .WithAssemblyName("Shop.App").AddReferences(MetadataReference.CreateFromImage(payments));

        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(app, out var output, out _);

        var error = Assert.Single(output.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("CS1061", error.Id); // SagasBuilder has no accessible AddAuditService
    }

    [Fact]
    public void A_project_granted_the_internals_of_another_binds_AddSagas_to_its_own_which_composes_the_other()
    {
        // The usual shape of a test project: Shop.Orders shows its internals to Shop.Orders.Tests,
        // and both use the generator. Before, both AddSagas() were visible there: CS0121.
        var internalPayments = PaymentLibrary.Replace("public sealed class PaymentService", "internal sealed class PaymentService", StringComparison.Ordinal);
        const string grant = "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Shop.Orders.Tests\")]";
        var orders = CrossAssemblyTests.Build(TestCompilation.Create(grant, internalPayments, Sources.Contracts, Sources.OrderSaga).WithAssemblyName("Shop.Orders"));
        var tests = TestCompilation.Create(Sources.ShipmentSaga, Application.Replace("namespace Shop.App;", "namespace Shop.Orders.Tests;", StringComparison.Ordinal))
            .WithAssemblyName("Shop.Orders.Tests")
            .AddReferences(MetadataReference.CreateFromImage(orders));

        var (_, output) = GeneratorHarness.Run(tests);

        var call = tests.SyntaxTrees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
            .Single(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddSagas" });
        var bound = output.GetSemanticModel(call.SyntaxTree).GetSymbolInfo(call).Symbol;
        Assert.Equal("Sagas.Generated.Shop.Orders.Tests.SagasRegistration", bound?.ContainingType.ToDisplayString());

        Run(orders, output, "Shop.Orders.Tests.Startup", (services, library) =>
        {
            var router = (ISagaRouter)services.Single(d => d.ServiceType == typeof(ISagaRouter)).ImplementationInstance!;
            var routes = new List<SagaRoute>();
            router.Route(Activator.CreateInstance(library.GetType("Shop.Orders.OrderPlaced")!, Guid.NewGuid(), 5m)!, routes);
            Assert.Equal("Shop.Orders.OrderSaga", Assert.Single(routes).Saga.Name);
            Assert.Contains(services, d => d.ServiceType == library.GetType("Shop.Payments.PaymentService")); // internal, granted
        });
    }

    // Loads the library and the application, calls the application's Register and hands its services to the checks.
    private static void Run(byte[] library, Compilation application, string startup, Action<ServiceCollection, System.Reflection.Assembly> check)
    {
        var context = new AssemblyLoadContext("composition", isCollectible: true);
        try
        {
            var libraryAssembly = context.LoadFromStream(new MemoryStream(library));
            var applicationAssembly = context.LoadFromStream(new MemoryStream(CrossAssemblyTests.Emit(application)));
            var services = new ServiceCollection();
            applicationAssembly.GetType(startup)!.GetMethod("Register")!.Invoke(null, [services]);
            check(services, libraryAssembly);
        }
        finally
        {
            context.Unload();
        }
    }
}
