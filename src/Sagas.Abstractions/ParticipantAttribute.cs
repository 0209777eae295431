namespace Sagas;

/// <summary>
/// Marks a class whose <c>IMessageHandler&lt;T&gt;</c> implementations carry out commands or react
/// to events outside any saga: a participant service. The generator adds its messages to the
/// project's registry and a <c>SagasBuilder.Add{ClassName}()</c> extension that registers every
/// handler it implements, so a service's subscriptions are known at compile time. The extension is
/// as visible as the class: a public participant of a library is registered from the applications
/// that reference it, an internal one from its own project only.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ParticipantAttribute : Attribute
{
}
