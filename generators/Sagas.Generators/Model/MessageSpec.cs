namespace Sagas.Generators.Model;

/// <summary>A registered event or command: its type and its stable wire name.</summary>
/// <param name="TypeName">The <c>global::</c>-qualified type name.</param>
/// <param name="WireName">The name on the wire: the attribute's argument, or the type name.</param>
/// <param name="IsCommand">Whether it is a command rather than an event.</param>
internal sealed record MessageSpec(string TypeName, string WireName, bool IsCommand);
