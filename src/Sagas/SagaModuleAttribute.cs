namespace Sagas;

/// <summary>
/// Emitted by the Sagas generator on every assembly it generates sagas or messages for, naming
/// that assembly's registry and router, so that a project referencing it composes them into its
/// own at compile time: no assembly scanning at run time.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class SagaModuleAttribute(Type registry, Type router) : Attribute
{
    /// <summary>The assembly's generated <see cref="IMessageRegistry"/>.</summary>
    public Type Registry { get; } = registry;

    /// <summary>The assembly's generated <see cref="ISagaRouter"/>.</summary>
    public Type Router { get; } = router;

    /// <summary>
    /// The generated class of the assembly's <c>Add{ClassName}()</c> participant registrations, if it
    /// has <c>[Participant]</c> classes: a referencing project imports it, so an application calls the
    /// registrations of its libraries' public participants as its own.
    /// </summary>
    public Type? Participants { get; set; }
}
