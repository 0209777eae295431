namespace Sagas.Packaging.Tests;

/// <summary>
/// README's contract baseline workflow in a contracts project built from the packed packages: the
/// first build writes sagas.contracts.txt, a retyped member fails the build with SAGA038 and leaves
/// the file alone, a raised version with its upcaster passes and writes the new shape, an added member
/// is added; with <c>-p:SagasContractBaseline=check</c> (a CI server) a current file passes, and one
/// missing a new contract fails the build and stays as it is.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class ContractBaselineTests
{
    private readonly string _project;
    private readonly Dictionary<string, string> _environment;

    public ContractBaselineTests(PackagesFixture packages)
    {
        var app = Path.Combine(packages.Temp, "app");
        if (!Directory.Exists(app))
        {
            UserSolution.Write(app, packages.Feed, packages.Packages["Sagas"].Version);
        }

        _project = Path.Combine(app, "Invoices.Contracts");
        _environment = new() { ["NUGET_PACKAGES"] = Path.Combine(packages.Temp, "packages") };
        Directory.CreateDirectory(_project);
        File.WriteAllText(Path.Combine(_project, "Invoices.Contracts.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <SagasContractBaseline>true</SagasContractBaseline>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sagas.Abstractions" Version="{packages.Packages["Sagas.Abstractions"].Version}" />
              </ItemGroup>
            </Project>
            """);
    }

    private string Baseline => Path.Combine(_project, "sagas.contracts.txt");

    [Fact]
    public async Task The_build_writes_the_baseline_fails_on_a_break_and_takes_a_new_version_and_an_addition()
    {
        await WriteInvoiceAsync("public sealed record InvoiceIssued(Guid InvoiceId, decimal Amount);");
        await BuildAsync();
        Assert.Contains("event invoices.issued v1 Invoices.InvoiceIssued\n  Amount: decimal\n  InvoiceId: System.Guid\n", ReadBaseline(), StringComparison.Ordinal);
        var first = ReadBaseline();

        // A retyped member at the same version: the build fails, and the baseline is left as it was.
        await WriteInvoiceAsync("public sealed record InvoiceIssued(Guid InvoiceId, long Amount);");
        var (exitCode, output) = await DotNetCli.RunUncheckedAsync(_project, _environment, "build", "-tl:off", "--disable-build-servers");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error SAGA038: Contract 'event invoices.issued v1' changed member 'Amount' from decimal to long without a new version", output, StringComparison.Ordinal);
        Assert.Equal(first, ReadBaseline());

        // README's way: raise the version and add the upcaster from the old shape.
        await WriteInvoiceAsync("""
            [Event("invoices.issued", Version = 2)]
            public sealed record InvoiceIssued(Guid InvoiceId, long Amount)
            {
                [UpcastFrom(1)] public static InvoiceIssued FromV1(InvoiceIssuedV1 old) => new(old.InvoiceId, (long)(old.Amount * 100));
            }

            public sealed record InvoiceIssuedV1(Guid InvoiceId, decimal Amount);
            """, attribute: false);
        await BuildAsync();
        Assert.Contains("event invoices.issued v2 Invoices.InvoiceIssued\n  Amount: long\n  InvoiceId: System.Guid\n", ReadBaseline(), StringComparison.Ordinal);

        // An addition needs no version: the build adds it.
        await WriteInvoiceAsync("[Event] public sealed record InvoicePaid(Guid InvoiceId);\n", attribute: false, append: true);
        await BuildAsync();
        Assert.Contains("event InvoicePaid v1 Invoices.InvoicePaid\n  InvoiceId: System.Guid\n", ReadBaseline(), StringComparison.Ordinal);
        Assert.Contains("event invoices.issued v2 Invoices.InvoiceIssued\n", ReadBaseline(), StringComparison.Ordinal);

        // CI's check: the committed file is current, so the build passes; a contract nobody committed fails it.
        await BuildAsync("-p:SagasContractBaseline=check");
        var committed = ReadBaseline();
        await WriteInvoiceAsync("[Event] public sealed record InvoiceVoided(Guid InvoiceId);\n", attribute: false, append: true);
        (exitCode, output) = await DotNetCli.RunUncheckedAsync(_project, _environment, "build", "-tl:off", "--disable-build-servers", "-p:SagasContractBaseline=check");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error SAGA041: sagas.contracts.txt is not what the code would write", output, StringComparison.Ordinal);
        Assert.Equal(committed, ReadBaseline());
    }

    private async Task BuildAsync(params string[] arguments)
    {
        var output = await DotNetCli.RunAsync(_project, _environment, ["build", "-tl:off", "--disable-build-servers", .. arguments]);
        Assert.DoesNotContain(": warning ", output, StringComparison.Ordinal);
    }

    private async Task WriteInvoiceAsync(string code, bool attribute = true, bool append = false)
    {
        var path = Path.Combine(_project, "Invoices.cs");
        var text = append ? await File.ReadAllTextAsync(path) + code
            : "using Sagas;\n\nnamespace Invoices;\n\n" + (attribute ? "[Event(\"invoices.issued\")]\n" : "") + code + "\n";
        await File.WriteAllTextAsync(path, text);
    }

    private string ReadBaseline()
    {
        Assert.True(File.Exists(Baseline), "The build wrote no sagas.contracts.txt in " + _project);
        return File.ReadAllText(Baseline).ReplaceLineEndings("\n");
    }
}
