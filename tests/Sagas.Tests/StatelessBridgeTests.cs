using System.Reflection;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Sagas.Tests;

/// <summary>
/// The Stateless bridge: with Stateless referenced, each saga gets <c>CreateStateMachine</c>. For
/// every saga of this project, in every state, for every message it knows, the Stateless machine
/// and the generated dispatch agree: handled (and to which state), ignored, or unexpected.
/// </summary>
public sealed class StatelessBridgeTests
{
    public static TheoryData<string> Sagas() => [.. SagaTypes().Select(t => t.FullName!)];

    [Fact]
    public void Every_saga_of_the_project_has_a_state_machine()
    {
        Assert.Contains(typeof(ChargeSaga), SagaTypes());
        Assert.True(SagaTypes().Count() >= 5, string.Join(", ", SagaTypes()));
    }

    [Theory]
    [MemberData(nameof(Sagas))]
    public async Task The_state_machine_and_the_generated_dispatch_agree_on_every_state_and_message(string sagaType)
    {
        var type = SagaTypes().Single(t => t.FullName == sagaType);
        var definition = (ISagaDefinition)type.GetNestedType("SagaDefinition")!.GetField("Instance")!.GetValue(null)!;
        var stateType = type.GetNestedType("State")!;
        var create = type.GetMethod("CreateStateMachine", BindingFlags.Public | BindingFlags.Static)!;
        await using var services = new ServiceCollection().AddSagas().Services.BuildServiceProvider();
        var registry = services.GetRequiredService<IMessageRegistry>();
        var options = services.GetRequiredService<IOptions<SagasOptions>>().Value;
        var description = definition.Description;
        var messages = description.Transitions.Where(t => t.FromState is not null).Select(t => t.MessageType)
            .Concat(description.Ignored.Select(i => i.MessageType)).Distinct().ToList();
        var document = await StartedDocumentAsync(definition, registry, options);
        var compared = 0;

        foreach (var state in description.States)
        {
            var machine = create.Invoke(null, [Enum.Parse(stateType, state)])!;
            var info = (Stateless.Reflection.StateMachineInfo)machine.GetType().GetMethod("GetInfo")!.Invoke(machine, null)!;
            // A state with no transition and no ignore is one Stateless may not list.
            var stateInfo = info.States.SingleOrDefault(s => s.UnderlyingState.ToString() == state);
            var permitted = (stateInfo?.FixedTransitions ?? []).ToDictionary(f => (Type)f.Trigger.UnderlyingTrigger, f => f.DestinationState.UnderlyingState.ToString()!);
            var ignored = (stateInfo?.IgnoredTriggers ?? []).Select(i => (Type)i.Trigger.UnderlyingTrigger).ToHashSet();
            foreach (var wireName in messages)
            {
                Assert.True(registry.TryDeserialize(wireName, "{}"u8, options.JsonSerializerOptions, out var message), wireName);
                var snapshot = new SagaSnapshot(state, document, 1, AlreadyHandled: false, IsFinal: description.FinalStates.Contains(state));
                var dispatched = await DispatchAsync(definition, snapshot, message, registry, options);
                var where = $"{definition.Name} in {state} on {wireName}";
                switch (dispatched)
                {
                    case { Outcome: SagaStepOutcome.Ignored }:
                        Assert.True(ignored.Contains(message.GetType()), $"{where}: dispatch ignores it, the machine does not.");
                        break;
                    case { Outcome: SagaStepOutcome.Unexpected }:
                        Assert.False(permitted.ContainsKey(message.GetType()) || ignored.Contains(message.GetType()), $"{where}: dispatch has no handler, the machine does.");
                        break;
                    default:
                        Assert.True(permitted.TryGetValue(message.GetType(), out var to), $"{where}: dispatch handles it, the machine does not permit it.");
                        if (dispatched?.ToState is { } reached && reached != SagaCompensation.CompensatingState)
                        {
                            Assert.Equal(reached, to);
                        }

                        break;
                }

                compared++;
            }
        }

        Assert.True(compared > 0);
    }

    [Fact]
    public async Task The_machine_answers_Stateless_questions_about_the_charge_saga()
    {
        var machine = ChargeSaga.CreateStateMachine(ChargeSaga.State.AwaitingCapture);

        Assert.True(machine.CanFire(typeof(ChargeCaptured)));
        Assert.Equal([typeof(ChargeCaptured), typeof(ChargeTimedOut)], (await machine.GetPermittedTriggersAsync()).OrderBy(t => t.Name));
        machine.Fire(typeof(ChargeCaptured));
        Assert.Equal(ChargeSaga.State.Captured, machine.State);
        Assert.Contains("AwaitingCapture -> Captured", Stateless.Graph.UmlDotGraph.Format(machine.GetInfo()).Replace("\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static IEnumerable<Type> SagaTypes() =>
        typeof(StatelessBridgeTests).Assembly.GetTypes().Where(t => t.GetMethod("CreateStateMachine", BindingFlags.Public | BindingFlags.Static) is not null);

    // Dispatch as the engine calls it; a handler that throws on the empty test message was reached all the same.
    private static async Task<SagaStep?> DispatchAsync(ISagaDefinition definition, SagaSnapshot snapshot, object message, IMessageRegistry registry, SagasOptions options)
    {
        try
        {
            return await definition.DispatchAsync(snapshot, message, Context(registry, options), options.JsonSerializerOptions, default);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return null;
        }
    }

    // A saved document of the saga's data: what its starting message makes of an empty one.
    private static async Task<SagaDocument> StartedDocumentAsync(ISagaDefinition definition, IMessageRegistry registry, SagasOptions options)
    {
        var start = definition.Description.Transitions.First(t => t.FromState is null).MessageType;
        Assert.True(registry.TryDeserialize(start, "{}"u8, options.JsonSerializerOptions, out var message));
        var step = await definition.DispatchAsync(null, message, Context(registry, options), options.JsonSerializerOptions, default);
        return step.Data ?? throw new InvalidOperationException($"{definition.Name} did not start on an empty {start}.");
    }

    private static MessageContext Context(IMessageRegistry registry, SagasOptions options) =>
        new(registry, TimeProvider.System, options, "stateless-bridge-test", "key", "in_memory");
}
