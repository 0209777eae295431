namespace Sagas;

/// <summary>
/// Marks a member of a saga's state enum as final: a saga that enters it is finished and accepts
/// no further events.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class FinalAttribute : Attribute
{
}
