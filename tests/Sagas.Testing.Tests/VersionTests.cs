namespace Sagas.Testing.Tests;

/// <summary>A context made without the generated registry stamps a message's declared version, as the generated registry does.</summary>
public sealed class VersionTests
{
    [Fact]
    public void A_context_without_a_registry_records_a_published_event_at_its_types_version()
    {
        var context = new TestMessageContext();
        var id = Guid.NewGuid();

        context.Context.Publish(new PriceChanged(id, 9.5m, "EUR"));
        context.Context.Publish(new StockCounted(id, 3));

        Assert.Equal([2, 1], context.Published.Select(m => m.Envelope.Version));
    }
}

/// <summary>Version 2 of a price change: the currency was added.</summary>
[Event("testing.price-changed", Version = 2)]
public sealed record PriceChanged(Guid ProductId, decimal Price, string Currency)
{
    /// <summary>Reads version 1, which had no currency.</summary>
    [UpcastFrom(1)]
    public static PriceChanged FromV1(PriceChangedV1 old) => new(old.ProductId, old.Price, "EUR");
}

/// <summary>The version 1 shape of <see cref="PriceChanged"/>.</summary>
public sealed record PriceChangedV1(Guid ProductId, decimal Price);

/// <summary>An event that was never versioned.</summary>
[Event("testing.stock-counted")]
public sealed record StockCounted(Guid ProductId, int Quantity);
