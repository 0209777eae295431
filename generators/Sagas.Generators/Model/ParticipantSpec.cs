namespace Sagas.Generators.Model;

/// <summary>A <c>[Participant]</c> class and the registered messages it handles.</summary>
/// <param name="TypeName">The <c>global::</c>-qualified class name.</param>
/// <param name="MethodName">The name of its generated registration method: <c>Add</c> and the class name.</param>
/// <param name="IsPublic">Whether the class is public, and so its registration: an internal class is registered from its own project only.</param>
/// <param name="Messages">The messages of its <c>IMessageHandler&lt;T&gt;</c> implementations that are registered, in declaration order.</param>
/// <param name="Sent">The registered messages it sends or publishes, so the registry knows them.</param>
internal sealed record ParticipantSpec(string TypeName, string MethodName, bool IsPublic, EquatableArray<MessageSpec> Messages, EquatableArray<MessageSpec> Sent);
