using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Sagas.Generators.Contracts;
using Sagas.Generators.Tests.Generator;
using static Sagas.Generators.Tests.Contracts.ContractSources;

namespace Sagas.Generators.Tests.Contracts;

/// <summary>
/// SagasContractBaseline: the generator adds Sagas.Contracts.g.cs whose block the build targets copy
/// into sagas.contracts.txt, and leaves the block out when the code breaks the baseline.
/// </summary>
public sealed class ContractBaselineTests
{
    private const string HintName = "Sagas.Contracts.g.cs";
    private static readonly BuildProperties On = new(("SagasContractBaseline", "true"));

    [Fact]
    public void Before_there_is_a_baseline_the_block_holds_every_contract_of_the_code()
    {
        var driver = Run(Code, baseline: null, On);

        Assert.Equal(Baseline.TrimEnd('\n'), Block(Generated(driver)));
    }

    [Fact]
    public void With_check_the_block_is_there_too_for_the_build_to_compare_with_the_file()
    {
        var driver = Run(Code, Baseline, new BuildProperties(("SagasContractBaseline", "check")));

        Assert.Equal(Baseline.TrimEnd('\n'), Block(Generated(driver)));
    }

    [Fact]
    public void An_addition_updates_the_baseline()
    {
        var driver = Run(Code + "\n[Event] public sealed record OrderCancelled(Guid OrderId, string Reason);\n", Baseline, On);

        var block = Block(Generated(driver));
        Assert.Contains("event OrderCancelled v1 Shop.OrderCancelled\n  OrderId: System.Guid\n  Reason: string\n\nevent PaymentCaptured v1", block, StringComparison.Ordinal);
        Assert.Equal(Baseline.TrimEnd('\n'), block.Replace("event OrderCancelled v1 Shop.OrderCancelled\n  OrderId: System.Guid\n  Reason: string\n\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_raised_version_is_written_with_the_new_shape()
    {
        var code = Changed(
            "[Event] public sealed record PaymentCaptured(Guid OrderId, [property: JsonPropertyName(\"payment\")] string PaymentId, [property: JsonIgnore] string? Note = null);",
            """
            [Event(Version = 2)]
            public sealed record PaymentCaptured(Guid OrderId, long PaymentNumber)
            {
                [UpcastFrom(1)] public static PaymentCaptured FromV1(PaymentCapturedV1 old) => new(old.OrderId, 0);
            }

            public sealed record PaymentCapturedV1(Guid OrderId, string PaymentId);
            """);

        var block = Block(Generated(Run(code, Baseline, On)));

        Assert.Contains("event PaymentCaptured v2 Shop.PaymentCaptured\n  OrderId: System.Guid\n  PaymentNumber: long\n\n", block, StringComparison.Ordinal);
    }

    [Fact]
    public void A_break_leaves_the_block_out_so_the_baseline_stays_as_it_is()
    {
        var text = Generated(Run(Changed("string City", "int City"), Baseline, On));

        Assert.DoesNotContain("BEGIN contracts", text, StringComparison.Ordinal);
        Assert.Contains("breaks sagas.contracts.txt (SAGA038)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_contract_is_a_break_too()
    {
        var text = Generated(Run(Code, Baseline + "\nevent OrderCancelled v1 Shop.OrderCancelled\n  OrderId: System.Guid\n", On));

        Assert.DoesNotContain("BEGIN contracts", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_baseline_is_left_as_it_is()
    {
        var text = Generated(Run(Code, "<<<<<<< HEAD\n" + Baseline, On));

        Assert.DoesNotContain("BEGIN contracts", text, StringComparison.Ordinal);
        Assert.Contains("cannot be read (SAGA040)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_without_contracts_gets_no_baseline_as_when_the_switch_is_set_for_a_whole_solution()
    {
        var text = Generated(Run("namespace Shop.Tests;\n\npublic sealed class OrderTests { }\n", baseline: null, On));

        Assert.DoesNotContain("BEGIN contracts", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Without_the_property_no_file_is_generated(string? value)
    {
        var properties = value is null ? new BuildProperties() : new BuildProperties(("SagasContractBaseline", value));

        var driver = Run(Code, Baseline, properties);

        Assert.DoesNotContain(HintName, driver.GetRunResult().Results.Single().GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Editing_a_method_body_re_reads_no_contract_and_re_emits_nothing()
    {
        var compilation = TestCompilation.Create(Code);
        var driver = Run(compilation, Baseline, On);
        var tree = compilation.SyntaxTrees.Single();
        var edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(
            tree.GetText().ToString().IndexOf("public void On(PaymentCaptured e) { }", StringComparison.Ordinal), "public void On(PaymentCaptured e) { }".Length,
            "public void On(PaymentCaptured e) { _ = e; }")));

        var second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.All(second.TrackedSteps[TrackingNames.Contracts].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
    }

    [Fact]
    public void A_written_baseline_reads_back_as_the_same_contracts()
    {
        var entries = ContractBaseline.Parse(Baseline).Entries;
        var spaced = new ContractEntry("event", "orders placed", 3, "Shop.OrderPlaced", "", default, new([new("OrderId", "System.Guid")]));

        var again = ContractBaseline.Parse(ContractBaseline.Write([.. entries, spaced]));

        Assert.Null(again.Error);
        Assert.Equal(Baseline, ContractBaseline.Write(again.Entries.Where(e => e.Name != "orders placed")));
        Assert.Equal(spaced, again.Entries.Single(e => e.Name == "orders placed") with { Line = 0 });
        Assert.Equal(4, entries.Count);
        Assert.Equal(["AwaitingPayment", "Completed"], entries.Single(e => e.Kind == "saga").States);
    }

    // Reads the block as Sagas.Contracts.targets does: the lines between the BEGIN and END markers.
    private static string Block(string text)
    {
        var match = Regex.Match(text, "(?s)#if false // BEGIN contracts\\r?\\n(.*?)\\r?\\n#endif // END contracts");
        Assert.True(match.Success, $"No contracts block in:\n{text}");
        return match.Groups[1].Value;
    }

    private static GeneratorDriver Run(string code, string? baseline, BuildProperties properties) =>
        Run(TestCompilation.Create(code), baseline, properties);

    private static GeneratorDriver Run(CSharpCompilation compilation, string? baseline, BuildProperties properties)
    {
        var driver = CSharpGeneratorDriver.Create(
                [new SagaGenerator().AsSourceGenerator()],
                additionalTexts: baseline is null ? [] : [new BaselineFile(baseline)],
                parseOptions: TestCompilation.ParseOptions,
                optionsProvider: properties,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));
        return driver;
    }

    private static string Generated(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Single(s => s.HintName == HintName).SourceText.ToString();
}
