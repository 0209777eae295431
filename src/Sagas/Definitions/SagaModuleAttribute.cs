namespace Sagas;

/// <summary>
/// Emitted by the Sagas generator on every assembly it generates sagas or messages for, naming
/// that assembly's registry and router, so that a project referencing it composes them into its
/// own at compile time: no assembly scanning at run time.
/// </summary>
/// <param name="registry">The assembly's generated registry.</param>
/// <param name="router">The assembly's generated router.</param>
/// <param name="messages">The message types the assembly's registry knows.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class SagaModuleAttribute(Type registry, Type router, params Type[] messages) : Attribute
{
    /// <summary>The assembly's generated <see cref="IMessageRegistry"/>.</summary>
    public Type Registry { get; } = registry;

    /// <summary>The assembly's generated <see cref="ISagaRouter"/>.</summary>
    public Type Router { get; } = router;

    /// <summary>
    /// The message types the assembly's registry knows: the analyzers of a project that composes
    /// several registries read them to find two types sharing one wire name (SAGA029).
    /// </summary>
    public IReadOnlyList<Type> Messages { get; } = messages;

    /// <summary>
    /// The generated class of the assembly's <c>Add{ClassName}()</c> participant registrations, if it
    /// has <c>[Participant]</c> classes: a referencing project imports it, so an application calls the
    /// registrations of its libraries' public participants as its own.
    /// </summary>
    public Type? Participants { get; set; }
}
