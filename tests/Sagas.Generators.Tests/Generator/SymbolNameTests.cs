using Microsoft.CodeAnalysis;
using Sagas.Generators.Parsing;

namespace Sagas.Generators.Tests.Generator;

/// <summary><see cref="Symbols.IsNamed"/>: the allocation-free full-name test every attribute look-up goes through.</summary>
public sealed class SymbolNameTests
{
    private static readonly Compilation Compilation = TestCompilation.Create("""
        namespace Shop.Orders { public sealed class Outer { public sealed class Inner { } } }
        public sealed class TopLevel { }
        namespace XSagas { public sealed class EventAttribute : System.Attribute { } }
        """);

    [Theory]
    [InlineData("Sagas.EventAttribute", "Sagas.EventAttribute", true)]
    [InlineData("Sagas.EventAttribute", "Sagas.CommandAttribute", false)]
    [InlineData("XSagas.EventAttribute", "Sagas.EventAttribute", false)]
    [InlineData("Sagas.EventAttribute", "Sagas.EventAttributeX", false)]
    [InlineData("Sagas.EventAttribute", "EventAttribute", false)]
    [InlineData("Sagas.EventAttribute", "X.Sagas.EventAttribute", false)]
    [InlineData("Shop.Orders.Outer+Inner", "Shop.Orders.Outer.Inner", true)]
    [InlineData("Shop.Orders.Outer+Inner", "Shop.Orders.Inner", false)]
    [InlineData("TopLevel", "TopLevel", true)]
    [InlineData("TopLevel", "Shop.TopLevel", false)]
    public void A_full_name_matches_as_the_display_string_would(string metadataName, string fullName, bool expected)
    {
        var type = Compilation.GetTypeByMetadataName(metadataName);

        Assert.NotNull(type);
        Assert.Equal(expected, Symbols.IsNamed(type, fullName));
        Assert.Equal(expected, type.ToDisplayString() == fullName);
    }

    [Fact]
    public void No_symbol_has_no_name() => Assert.False(Symbols.IsNamed(null, "Sagas.EventAttribute"));
}
