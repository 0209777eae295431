using System.Globalization;
using System.Text;

namespace Sagas.Benchmarks;

/// <summary>
/// The source text of a large project: <see cref="SagaCount"/> sagas, each in its own namespace with
/// its own file of events, a ten-state enum, a start handler and a transition per further event.
/// Every saga is valid, so the generator and analyzers take their full path, not an early exit.
/// </summary>
internal static class SyntheticProject
{
    public const int SagaCount = 200;
    public const int EventsPerSaga = 10;

    /// <summary>Two files per saga (events, saga), as a project would lay them out.</summary>
    public static IEnumerable<(string Path, string Text)> Files() =>
        Enumerable.Range(0, SagaCount).SelectMany(i => new[] { ($"Flow{i}/Events.cs", Events(i)), ($"Flow{i}/Flow{i}Saga.cs", Saga(i)) });

    /// <summary>A file no saga depends on: what the incremental benchmark edits.</summary>
    public static string Unrelated(int version) =>
        $"namespace Bench.Other;\n\npublic static class Settings\n{{\n    public const int Version = {version};\n}}\n";

    private static string Events(int saga)
    {
        var text = new StringBuilder($"using System;\nusing Sagas;\n\nnamespace Bench.Flow{saga};\n\n");
        for (var step = 0; step < EventsPerSaga; step++)
        {
            // Type names are wire names, so they are unique across the project.
            text.Append(Invariant($"[Event] public sealed record Flow{saga}Step{step}Completed(Guid OrderId, int Amount);\n"));
        }

        return text.ToString();
    }

    private static string Saga(int saga)
    {
        var last = EventsPerSaga - 1;
        var states = string.Join(", ", Enumerable.Range(1, last).Select(s => $"Step{s}")) + ", [Final] Done";
        var text = new StringBuilder(Invariant($$"""
            using System;
            using Sagas;

            namespace Bench.Flow{{saga}};

            public sealed class Flow{{saga}}Data
            {
                [CorrelationId] public Guid OrderId { get; set; }
                public int Total { get; set; }
            }

            [Saga]
            public sealed partial class Flow{{saga}}Saga : Saga<Flow{{saga}}Saga.State, Flow{{saga}}Data>
            {
                public enum State { {{states}} }

                [StartedBy, Then(State.Step1)]
                public void On(Flow{{saga}}Step0Completed e, MessageContext context)
                {
                    Data.OrderId = e.OrderId;
                    Data.Total = e.Amount;
                }

            """));
        for (var step = 1; step <= last; step++)
        {
            var next = step == last ? "Done" : $"Step{step + 1}";
            text.Append(Invariant($"    [When(State.Step{step}), Then(State.{next})]\n"));
            text.Append(Invariant($"    public void On(Flow{saga}Step{step}Completed e) => Data.Total += e.Amount;\n\n"));
        }

        return text.Append("}\n").ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
