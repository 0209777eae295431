namespace Sagas.Generators;

/// <summary>Names of the pipeline steps, so that tests can prove each one is cached.</summary>
internal static class TrackingNames
{
    public const string Sagas = nameof(Sagas);
    public const string Events = nameof(Events);
    public const string Commands = nameof(Commands);
    public const string Participants = nameof(Participants);
    public const string Workflows = nameof(Workflows);
    public const string WorkflowSagas = nameof(WorkflowSagas);
    public const string Module = nameof(Module);
    public const string Registry = nameof(Registry);
    public const string EmitDiagrams = nameof(EmitDiagrams);
    public const string Stateless = nameof(Stateless);
    public const string Notifications = nameof(Notifications);
    public const string ReferencedNotifications = nameof(ReferencedNotifications);
    public const string ContractBaselineEnabled = nameof(ContractBaselineEnabled);
    public const string Contracts = nameof(Contracts);
    public const string ContractBaseline = nameof(ContractBaseline);
}
