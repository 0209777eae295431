using System.Reflection;

namespace Sagas.Generators.Emit;

/// <summary>Text shared by every emitter.</summary>
internal static class Generated
{
    private static readonly string Version =
        typeof(Generated).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The <c>[GeneratedCode]</c> attribute that marks every generated type.</summary>
    public static readonly string CodeAttribute =
        $"[global::System.CodeDom.Compiler.GeneratedCode(\"Sagas.Generators\", \"{Version}\")]";

    /// <summary>A C# string literal for <paramref name="value"/>.</summary>
    public static string Literal(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r") + "\"";
}
