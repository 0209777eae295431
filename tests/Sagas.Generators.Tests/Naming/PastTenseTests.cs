using Sagas.Generators.Naming;

namespace Sagas.Generators.Tests.Naming;

public sealed class PastTenseTests
{
    [Theory]
    [InlineData("OrderPlaced")]
    [InlineData("PaymentCaptured")]
    [InlineData("StockReserved")]
    [InlineData("OrderShipped")]
    [InlineData("InvoiceSent")]
    [InlineData("FundsWithdrawn")]
    [InlineData("ItemBought")]
    [InlineData("OrderCompleted")]
    [InlineData("ReportRead")]
    [InlineData("AccountOverdrawn")]
    [InlineData("PaymentTimedOut")]
    [InlineData("UserSignedIn")]
    [InlineData("OrderPlacedV2")]
    [InlineData("OrderPlaced2")]
    [InlineData("HTTPRequestSent")]
    [InlineData("Order_Placed")]
    [InlineData("StockUnavailable")]
    [InlineData("HostUnreachable")]
    [InlineData("FundsInsufficient")]
    [InlineData("InvoiceOverdue")]
    [InlineData("ReminderDue")]
    [InlineData("LoanReviewFellDue")]
    [InlineData("PaymentDue")]
    [InlineData("OrderReady")]
    [InlineData("StockLow")]
    [InlineData("ItemOutOfStock")]
    [InlineData("CacheOutOfDate")]
    [InlineData("OrderOnHold")]
    [InlineData("ItemBackInStock")]
    [InlineData("CartEmpty")]
    public void Accepts_names_ending_in_a_past_tense_verb(string name) =>
        Assert.True(PastTense.IsPastTense(name), name);

    [Theory]
    [InlineData("PlaceOrder")]
    [InlineData("OrderPlace")]
    [InlineData("ShipOrder")]
    [InlineData("CreateInvoice")]
    [InlineData("OrderShipping")]
    [InlineData("ProductFeed")]
    [InlineData("PaymentTimeout")]
    [InlineData("UserSignIn")]
    [InlineData("PlaceOrderV2")]
    [InlineData("Order")]
    public void Rejects_names_ending_in_a_noun_or_an_imperative(string name) =>
        Assert.False(PastTense.IsPastTense(name), name);

    [Theory]
    [InlineData("PlaceOrder", "OrderPlaced")]
    [InlineData("ShipOrder", "OrderShipped")]
    [InlineData("StopShipment", "ShipmentStopped")]
    [InlineData("CreateInvoice", "InvoiceCreated")]
    [InlineData("ApplyDiscount", "DiscountApplied")]
    [InlineData("SendInvoice", "InvoiceSent")]
    [InlineData("PayInvoice", "InvoicePaid")]
    [InlineData("BuyItem", "ItemBought")]
    [InlineData("WithdrawFunds", "FundsWithdrawn")]
    [InlineData("MakePayment", "PaymentMade")]
    [InlineData("BuildReport", "ReportBuilt")]
    [InlineData("SellStock", "StockSold")]
    [InlineData("WriteReview", "ReviewWritten")]
    [InlineData("SubmitOrder", "OrderSubmitted")]
    [InlineData("CancelOrder", "OrderCanceled")]
    [InlineData("OpenAccount", "AccountOpened")]
    [InlineData("CheckOutCart", "CartCheckedOut")]
    [InlineData("PlaceOrderV2", "OrderPlacedV2")]
    public void Suggests_noun_then_past_verb_for_verb_then_noun(string name, string expected) =>
        Assert.Equal(expected, PastTense.Suggest(name));

    [Theory]
    [InlineData("OrderPlace", "OrderPlaced")]
    [InlineData("PaymentProcess", "PaymentProcessed")]
    [InlineData("UserSignIn", "UserSignedIn")]
    [InlineData("Ship", "Shipped")]
    [InlineData("TransferComplete", "TransferCompleted")]
    [InlineData("ProcessStart", "ProcessStarted")]
    [InlineData("PaymentTimeout", "PaymentTimedOut")]
    [InlineData("CartCheckout", "CartCheckedOut")]
    [InlineData("PaymentFail", "PaymentFailed")]
    public void Suggests_the_past_of_a_trailing_verb(string name, string expected) =>
        Assert.Equal(expected, PastTense.Suggest(name));

    [Theory]
    [InlineData("OrderShipping", "OrderShipped")]
    [InlineData("OrderPlacing", "OrderPlaced")]
    [InlineData("InvoicePaying", "InvoicePaid")]
    [InlineData("ReviewWriting", "ReviewWritten")]
    [InlineData("DiscountApplying", "DiscountApplied")]
    public void Suggests_the_past_of_a_trailing_gerund(string name, string expected) =>
        Assert.Equal(expected, PastTense.Suggest(name));

    [Theory]
    [InlineData("Order")]
    [InlineData("ThingString")]
    [InlineData("OrderStatus")]
    [InlineData("_")]
    public void Suggests_nothing_when_no_verb_is_recognised(string name) =>
        Assert.Null(PastTense.Suggest(name));

    [Theory]
    [InlineData("PlaceOrder")]
    [InlineData("OrderPlace")]
    [InlineData("ShipOrder")]
    [InlineData("CreateInvoice")]
    [InlineData("OrderShipping")]
    [InlineData("UserSignIn")]
    [InlineData("CheckOutCart")]
    [InlineData("PlaceOrderV2")]
    [InlineData("TransferComplete")]
    [InlineData("PaymentTimeout")]
    public void Every_suggestion_is_itself_past_tense(string name) =>
        Assert.True(PastTense.IsPastTense(PastTense.Suggest(name)!), PastTense.Suggest(name));
}
