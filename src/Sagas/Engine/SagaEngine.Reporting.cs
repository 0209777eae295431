using System.Diagnostics;

namespace Sagas;

// What a saved step tells the operators: the logs, the metrics and the handling's span.
public sealed partial class SagaEngine
{
    private void Transitioned(SagaKey key, in SagaStep step, string messageType, Activity? activity)
    {
        SagaEngineLog.Transitioned(_logger, key, step.FromState ?? "(new)", step.ToState!, messageType);
        SagaMetrics.Transitioned(key.SagaName, step.FromState, step.ToState!, step.IsFinal);
        SagaTracing.Handled(activity, "handled", step.FromState, step.ToState);
        if (step.FromState is null)
        {
            SagaEngineLog.Started(_logger, key, step.ToState!, messageType);
        }

        if (step.Compensation is { } compensation)
        {
            Compensated(key, compensation, step, messageType);
        }

        if (step.IsFinal)
        {
            SagaEngineLog.Finished(_logger, key, step.ToState!, messageType);
        }
    }

    private void Compensated(SagaKey key, SagaCompensation compensation, in SagaStep step, string messageType)
    {
        if (compensation.BegunInHandling)
        {
            SagaEngineLog.CompensationStarted(_logger, key, messageType, step.FromState);
        }

        foreach (var undone in compensation.ConfirmedInHandling)
        {
            SagaMetrics.CompensationCompleted(key.SagaName, undone);
            SagaEngineLog.StepUndone(_logger, key, undone);
        }

        foreach (var undoing in compensation.SentInHandling)
        {
            SagaMetrics.CompensationStarted(key.SagaName, undoing);
            SagaEngineLog.UndoingStep(_logger, key, undoing);
        }

        if (step.FailedCompensation is { } failedStep)
        {
            SagaMetrics.CompensationFailed(key.SagaName, failedStep);
            SagaEngineLog.CompensationGivenUp(_logger, key, failedStep, _options.CompensationAttempts, step.ToState);
        }
    }
}
