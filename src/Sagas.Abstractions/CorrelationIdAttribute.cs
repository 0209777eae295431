namespace Sagas;

/// <summary>
/// Marks the property of a saga's data type that identifies one saga instance. Every event the
/// saga handles carries a property of the same name and type, which the generator reads to find
/// the instance.
/// </summary>
/// <remarks>
/// Without this attribute the generator looks for a property named after the saga:
/// <c>OrderSaga</c> is keyed by <c>OrderId</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class CorrelationIdAttribute : Attribute
{
}
