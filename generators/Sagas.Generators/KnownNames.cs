namespace Sagas.Generators;

/// <summary>Metadata names of the Sagas types the generator looks for.</summary>
internal static class KnownNames
{
    public const string SagaAttribute = "Sagas.SagaAttribute";
    public const string EventAttribute = "Sagas.EventAttribute";
    public const string CommandAttribute = "Sagas.CommandAttribute";
    public const string UpcastFromAttribute = "Sagas.UpcastFromAttribute";
    public const string CorrelationIdAttribute = "Sagas.CorrelationIdAttribute";
    public const string StartedByAttribute = "Sagas.StartedByAttribute";
    public const string WhenAttribute = "Sagas.WhenAttribute";
    public const string ThenAttribute = "Sagas.ThenAttribute";
    public const string FinalAttribute = "Sagas.FinalAttribute";
    public const string CompensateAttribute = "Sagas.CompensateAttribute";
    public const string CompensatedByAttribute = "Sagas.CompensatedByAttribute";
    public const string IgnoreAttribute = "Sagas.IgnoreAttribute";
    public const string ParticipantAttribute = "Sagas.ParticipantAttribute";
    public const string WorkflowAttribute = "Sagas.WorkflowAttribute";
    public const string StepAttribute = "Sagas.StepAttribute";
    public const string WorkflowBase = "Sagas.Workflow<TData>";
    public const string MessageHandler = "Sagas.IMessageHandler<TMessage>";
    public const string SagaBase = "Sagas.Saga<TState, TData>";
    public const string MessageContext = "Sagas.MessageContext";
    public const string SagaRouter = "Sagas.ISagaRouter";
    public const string SagaModuleAttribute = "Sagas.SagaModuleAttribute";
}
