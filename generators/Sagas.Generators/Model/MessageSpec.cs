namespace Sagas.Generators.Model;

/// <summary>A registered event or command: its type and its stable wire name.</summary>
/// <param name="TypeName">The <c>global::</c>-qualified type name.</param>
/// <param name="WireName">The name on the wire: the attribute's argument, or the type name.</param>
/// <param name="IsCommand">Whether it is a command rather than an event.</param>
internal sealed record MessageSpec(string TypeName, string WireName, bool IsCommand)
{
    /// <summary>The type's current version (<c>Version = ...</c> on its attribute), 1 unless raised.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The type's <c>[UpcastFrom]</c> methods, by the version they read.</summary>
    public EquatableArray<UpcasterSpec> Upcasters { get; init; }
}

/// <summary>A static method of a message type that turns a message of <paramref name="FromVersion"/> into the next version.</summary>
/// <param name="FromVersion">The version it reads.</param>
/// <param name="Method">The method's name.</param>
/// <param name="ParameterType">The <c>global::</c>-qualified type of the old shape it takes.</param>
/// <param name="ReturnType">The <c>global::</c>-qualified type it returns.</param>
internal sealed record UpcasterSpec(int FromVersion, string Method, string ParameterType, string ReturnType);
