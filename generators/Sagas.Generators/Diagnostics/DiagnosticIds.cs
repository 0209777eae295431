namespace Sagas.Generators.Diagnostics;

/// <summary>
/// Every diagnostic ID, declared once. An ID is never computed and never reused once retired:
/// users suppress and configure rules by these strings.
/// </summary>
internal static class DiagnosticIds
{
    public const string EventNotPastTense = "SAGA001";
}
