using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sagas;

/// <summary>What the overview shows.</summary>
internal sealed record OverviewDto(IReadOnlyList<SagaTypeDto> Sagas, IReadOnlyList<ServiceBacklog> Services, string? BacklogError, int DeadLetters, bool DeadLettersCapped);

/// <summary>A saga type with its counts by state and its stuck instances counted.</summary>
internal sealed record SagaTypeDto(string Name, string TypeName, IReadOnlyList<StateCountDto> States, int Stuck, DiagramDto Diagram, string? Service, bool RunsHere);

/// <summary>A state with how many instances it holds.</summary>
internal sealed record StateCountDto(string State, long Count, bool Final);

/// <summary>A saga's state machine as the page draws it.</summary>
internal sealed record DiagramDto(IReadOnlyList<string> States, IReadOnlyList<string> FinalStates, IReadOnlyList<SagaTransitionDescription> Transitions);

/// <summary>A page of a state's instances.</summary>
internal sealed record InstancesDto(string Saga, string State, IReadOnlyList<InstanceRowDto> Instances, int Skip, int Take, string StuckAfter);

/// <summary>One instance in a list.</summary>
internal sealed record InstanceRowDto(string Key, string State, DateTimeOffset ChangedAt, bool Stuck);

/// <summary>One instance in full.</summary>
internal sealed record InstanceDto(
    string Saga,
    string Key,
    string State,
    bool IsFinal,
    long Version,
    string Data,
    IReadOnlyList<SagaHistoryEntry> History,
    IReadOnlyList<string> Accepts,
    IReadOnlyList<EnvelopeDto> Flow,
    IReadOnlyList<EnvelopeDto> PendingOutbox,
    IReadOnlyList<EnvelopeDto> Scheduled,
    DiagramDto Diagram,
    bool RunsHere);

/// <summary>A message as the page shows it.</summary>
internal sealed record EnvelopeDto(string MessageId, string MessageType, string? CorrelationId, string? CausationId, DateTimeOffset SentAt, DateTimeOffset? DeliverAt, string Body, int Version);

/// <summary>What the page may do for this user, and the token its writes carry.</summary>
internal sealed record SessionDto(string User, bool CanWrite, string? WriteRefusal, string? Token, string HeaderName);

/// <summary>A message an operator sends to an instance.</summary>
internal sealed record SendDto(string Type, JsonElement Body);

/// <summary>The outcome of a repair.</summary>
internal sealed record DoneDto(string Done, int Count = 1);

/// <summary>Why a request failed, and what to do.</summary>
internal sealed record ErrorDto(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OverviewDto))]
[JsonSerializable(typeof(InstancesDto))]
[JsonSerializable(typeof(InstanceDto))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(SendDto))]
[JsonSerializable(typeof(DoneDto))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(DeadLetterEntry))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetterEntry>))]
internal sealed partial class InspectorJsonContext : JsonSerializerContext;
