using System;
using System.Collections.Generic;
using System.Linq;

namespace Sagas.Generators.Contracts;

/// <summary>What a change does to the messages in flight or the instances stored under a baseline entry.</summary>
internal enum BreakKind
{
    Removed,
    WireNameChanged,
    VersionLowered,
    MemberRemoved,
    MemberRetyped,
    KeyChanged,
    StateRemoved,
}

/// <summary>One breaking change: the baseline entry, the code's entry (none when removed), the member at fault, and what to do.</summary>
/// <param name="Member">The top-level member the squiggle belongs on; empty for the contract as a whole.</param>
/// <param name="Subject">The contract as the baseline names it: <c>event orders.placed v1</c>, <c>saga Shop.OrderSaga</c>.</param>
/// <param name="Problem">What breaks and the fix.</param>
internal sealed record ContractBreak(ContractEntry Baseline, ContractEntry? Current, BreakKind Kind, string Member, string Subject, string Problem);

/// <summary>
/// The one judgement of a change against the baseline, shared by the analyzer (SAGA038) and the
/// generator (which writes a new baseline only when nothing breaks). Additions never break; a
/// message whose version was raised may change its members freely, as SAGA036 requires an upcaster.
/// </summary>
internal static class ContractComparer
{
    private const string File = ContractBaseline.FileName;
    private const string ValuePrefix = ContractReader.ValuePrefix;

    /// <summary>The baseline entry <paramref name="current"/> answers to: a message by its type, else its wire name; a saga by its stored name.</summary>
    public static ContractEntry? Match(IReadOnlyList<ContractEntry> baseline, ContractEntry current) =>
        current.IsMessage
            ? baseline.FirstOrDefault(b => b.IsMessage && b.TypeName == current.TypeName) ?? baseline.FirstOrDefault(b => b.IsMessage && b.Name == current.Name)
            : baseline.FirstOrDefault(b => !b.IsMessage && b.Name == current.Name);

    /// <summary>Every break of the code's <paramref name="current"/> contracts against <paramref name="baseline"/>.</summary>
    public static List<ContractBreak> Compare(IReadOnlyList<ContractEntry> baseline, IEnumerable<ContractEntry> current)
    {
        var breaks = new List<ContractBreak>();
        var matched = new HashSet<ContractEntry>();
        foreach (var entry in current)
        {
            if (Match(baseline, entry) is { } old)
            {
                matched.Add(old);
                breaks.AddRange(Compare(old, entry));
            }
        }

        breaks.AddRange(baseline.Where(b => !matched.Contains(b)).Select(Removed));
        return breaks;
    }

    /// <summary>The breaks of one contract, <paramref name="current"/>, against the baseline entry it matched.</summary>
    public static IEnumerable<ContractBreak> Compare(ContractEntry baseline, ContractEntry current) =>
        baseline.IsMessage ? CompareMessage(baseline, current) : CompareSaga(baseline, current);

    /// <summary>A baseline entry no contract of the code matched.</summary>
    public static ContractBreak Removed(ContractEntry baseline) => baseline.IsMessage
        ? new(baseline, null, BreakKind.Removed, "", Subject(baseline),
            $"is in {File} but no type of the code is it ({baseline.TypeName}): its messages still in streams, outboxes, schedules or dead letters would be refused as an unknown type. Restore the type (a renamed type keeps its messages with [{Attribute(baseline)}(\"{baseline.Name}\")]), or delete its lines from {File} once none is in flight.")
        : new(baseline, null, BreakKind.Removed, "", Subject(baseline),
            $"is in {File} but no saga of the code is stored under that name: its live instances would never load again. Rename the saga back, or delete its lines from {File} once none is live.");

    private static IEnumerable<ContractBreak> CompareMessage(ContractEntry baseline, ContractEntry current)
    {
        var subject = Subject(baseline);
        if (current.Name != baseline.Name)
        {
            yield return new(baseline, current, BreakKind.WireNameChanged, "", subject,
                $"is now sent as '{current.Name}' ({current.TypeName}): messages in flight under '{baseline.Name}' would be refused as an unknown type. Pin the old name, [{Attribute(current)}(\"{baseline.Name}\")], or delete its lines from {File} once none is in flight.");
        }

        if (current.Version < baseline.Version)
        {
            yield return new(baseline, current, BreakKind.VersionLowered, "", subject,
                $"is now version {current.Version}, below the baseline's {baseline.Version}: version {baseline.Version} messages in flight would be refused as too new. Set Version back to {baseline.Version} or above.");
        }

        if (current.Version != baseline.Version)
        {
            yield break; // a raised version carries its upcasters (SAGA036): any shape may follow
        }

        var fix = $"Raise Version to {baseline.Version + 1} with an [UpcastFrom({baseline.Version})] upcaster from the old shape, or";
        foreach (var change in MemberChanges(baseline, current))
        {
            var member = change.Member;
            yield return (change.Type, IsValue(member)) switch
            {
                (null, false) => new(baseline, current, BreakKind.MemberRemoved, member.Root, subject,
                    $"lost member '{member.Path}' ({member.Type}) without a new version: version {baseline.Version} messages in flight carry it, and handlers would no longer see it. {fix} restore the member."),
                (null, true) => new(baseline, current, BreakKind.MemberRemoved, member.Root, subject,
                    $"lost enum value '{member.Path}' ({Number(member.Type)}) without a new version: version {baseline.Version} messages in flight may hold it. {fix} restore the value."),
                (_, false) => new(baseline, current, BreakKind.MemberRetyped, member.Root, subject,
                    $"changed member '{member.Path}' from {member.Type} to {change.Type} without a new version: version {baseline.Version} messages in flight hold the old type. {fix} restore the type."),
                (_, true) => new(baseline, current, BreakKind.MemberRetyped, member.Root, subject,
                    $"renumbered enum value '{member.Path}' from {Number(member.Type)} to {Number(change.Type!)} without a new version: version {baseline.Version} messages in flight hold the old numbers, which now mean another value. {fix} restore the number."),
            };
        }
    }

    private static IEnumerable<ContractBreak> CompareSaga(ContractEntry baseline, ContractEntry current)
    {
        var subject = Subject(baseline);
        var fix = $"or delete the saga's lines from {File} once no live instance";
        if (baseline.Key.Length > 0 && current.Key != baseline.Key)
        {
            yield return new(baseline, current, BreakKind.KeyChanged, "", subject,
                $"changed its key from '{baseline.Key}' to '{(current.Key.Length > 0 ? current.Key : "none")}': live instances are stored and found by the old one. Keep the key, {fix} is left.");
        }

        foreach (var state in baseline.States.Where(s => !current.States.Contains(s)))
        {
            yield return new(baseline, current, BreakKind.StateRemoved, "", subject,
                $"lost state '{state}': live instances stored in it would no longer load. Keep the state, {fix} is in it.");
        }

        foreach (var change in MemberChanges(baseline, current))
        {
            var member = change.Member;
            yield return (change.Type, IsValue(member)) switch
            {
                (null, false) => new(baseline, current, BreakKind.MemberRemoved, member.Root, subject,
                    $"lost data member '{member.Path}' ({member.Type}): live instances hold it, and would lose it at their next step. Restore it, {fix} needs it."),
                (null, true) => new(baseline, current, BreakKind.MemberRemoved, member.Root, subject,
                    $"lost enum value '{member.Path}' ({Number(member.Type)}): live instances may hold it. Restore the value, {fix} holds it."),
                (_, false) => new(baseline, current, BreakKind.MemberRetyped, member.Root, subject,
                    $"changed data member '{member.Path}' from {member.Type} to {change.Type}: live instances hold the old type and may no longer load. Restore the type, {fix} holds the old one."),
                (_, true) => new(baseline, current, BreakKind.MemberRetyped, member.Root, subject,
                    $"renumbered enum value '{member.Path}' from {Number(member.Type)} to {Number(change.Type!)}: live instances hold the old numbers, which now mean another value. Restore the number, {fix} holds the old one."),
            };
        }
    }

    // An enum's value, written by ContractReader as "value <number>".
    private static bool IsValue(ContractMember member) => member.Type.StartsWith(ValuePrefix, StringComparison.Ordinal);

    private static string Number(string type) => type.StartsWith(ValuePrefix, StringComparison.Ordinal) ? type.Substring(ValuePrefix.Length) : type;

    // Members of the baseline gone (Type null) or retyped in the code; under a member that broke, its own members are not repeated.
    private static IEnumerable<(ContractMember Member, string? Type)> MemberChanges(ContractEntry baseline, ContractEntry current)
    {
        var now = current.Members.GroupBy(m => m.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);
        var broken = new List<string>();
        foreach (var member in baseline.Members)
        {
            if (broken.Any(b => member.Path.StartsWith(b, StringComparison.Ordinal) && member.Path.Length > b.Length && member.Path[b.Length] is '.' or '[' or '{'))
            {
                continue;
            }

            if (!now.TryGetValue(member.Path, out var type))
            {
                broken.Add(member.Path);
                yield return (member, null);
            }
            else if (type != member.Type)
            {
                broken.Add(member.Path);
                yield return (member, type);
            }
        }
    }

    private static string Subject(ContractEntry entry) =>
        entry.IsMessage ? $"{entry.Kind} {entry.Name} v{entry.Version}" : $"saga {entry.Name}";

    private static string Attribute(ContractEntry entry) => entry.Kind == ContractEntry.Command ? "Command" : "Event";
}
