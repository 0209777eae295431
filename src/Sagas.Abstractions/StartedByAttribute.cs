namespace Sagas;

/// <summary>
/// Marks the saga handler whose event creates a new saga instance. Combine it with
/// <see cref="ThenAttribute"/> to name the state the new instance enters.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class StartedByAttribute : Attribute
{
}
