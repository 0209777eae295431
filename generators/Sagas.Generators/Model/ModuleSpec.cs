namespace Sagas.Generators.Model;

/// <summary>What is global to one compilation: its generated namespace and the generated modules of the assemblies it references.</summary>
/// <param name="Namespace">Where this assembly's registry and router go: <c>Sagas.Generated.</c> and the assembly name.</param>
/// <param name="Referenced">The <c>global::</c>-qualified registry and router types of referenced assemblies.</param>
internal sealed record ModuleSpec(string Namespace, EquatableArray<ReferencedModule> Referenced);

/// <summary>A referenced assembly's generated registry and router, and its participant registrations if it has any.</summary>
internal sealed record ReferencedModule(string Registry, string Router, string? Participants);
