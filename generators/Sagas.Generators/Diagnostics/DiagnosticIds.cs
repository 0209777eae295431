namespace Sagas.Generators.Diagnostics;

/// <summary>
/// Every diagnostic ID, declared once. An ID is never computed and never reused once retired:
/// users suppress and configure rules by these strings.
/// </summary>
internal static class DiagnosticIds
{
    public const string EventNotPastTense = "SAGA001";
    public const string MessageMutable = "SAGA002";
    public const string SagaNotPartial = "SAGA003";
    public const string SagaShapeInvalid = "SAGA004";
    public const string SagaHasNoStart = "SAGA005";
    public const string HandlerMessageNotRegistered = "SAGA006";
    public const string HandlerSignatureInvalid = "SAGA007";
    public const string HandlerStatesMissing = "SAGA008";
    public const string DuplicateHandler = "SAGA009";
    public const string UnreachableState = "SAGA010";
    public const string DeadEndState = "SAGA011";
    public const string NoFinalState = "SAGA012";
    public const string CorrelationKeyMissing = "SAGA013";
    public const string CorrelationKeyUnsupported = "SAGA014";
    public const string MessageLacksCorrelation = "SAGA015";
    public const string CorrelationTypeMismatch = "SAGA016";
    public const string SentMessageLacksKey = "SAGA017";
    public const string CompensationInvalid = "SAGA018";
    public const string UncompensatedSideEffect = "SAGA019";
    public const string TimeoutUnhandled = "SAGA020";
    public const string DuplicateWireName = "SAGA021";
    public const string MessageNotHandledInState = "SAGA022";
    public const string IgnoreConflictsWithHandler = "SAGA023";
    public const string CompensationFailedStateMissing = "SAGA024";
    public const string ConfirmationInvalid = "SAGA025";
    public const string ParticipantMessageNotRegistered = "SAGA026";
    public const string ParticipantNotRegistrable = "SAGA027";
    public const string WorkflowInvalid = "SAGA028";
    public const string ComposedWireNameClash = "SAGA029";
    public const string SentMessageNotRegistered = "SAGA030";
    public const string FinalStateLeft = "SAGA031";
    public const string HandlerInFinishedState = "SAGA032";
    public const string MessageGeneric = "SAGA033";
    public const string StartWithWhen = "SAGA034";
    public const string DataMemberLost = "SAGA035";
    public const string UpcasterMissing = "SAGA036";
    public const string UpcasterInvalid = "SAGA037";
    public const string ContractBroken = "SAGA038";
    public const string VersionBelowOne = "SAGA039";
    public const string ContractBaselineUnreadable = "SAGA040";
}
