using Sagas.Generators.Model;

namespace Sagas.Generators.Contracts;

/// <summary>
/// One contract that outlives a deploy: a message type, whose messages wait in streams, outboxes and
/// schedules, or a saga, whose instances wait in the store. Strings only, so the generator caches it.
/// </summary>
/// <param name="Kind">"event", "command" or "saga".</param>
/// <param name="Name">A message's wire name, or a saga's stored name (its full metadata name).</param>
/// <param name="Version">A message's version; 0 for a saga.</param>
/// <param name="TypeName">The message type, or the saga's data type, without <c>global::</c>.</param>
/// <param name="Key">A saga's key, <c>OrderId: System.Guid</c>; empty for a message.</param>
/// <param name="States">A saga's state names, in declaration order; none for a message or a workflow.</param>
/// <param name="Members">The members JSON writes, nested ones by path (<c>ShipTo.Street</c>, <c>Lines[].Sku</c>).</param>
internal sealed record ContractEntry(
    string Kind,
    string Name,
    int Version,
    string TypeName,
    string Key,
    EquatableArray<string> States,
    EquatableArray<ContractMember> Members)
{
    public const string Event = "event";
    public const string Command = "command";
    public const string Saga = "saga";

    public bool IsMessage => Kind is Event or Command;

    /// <summary>The 1-based line of the baseline file the entry was read from; 0 when read from code.</summary>
    public int Line { get; init; }
}

/// <summary>A member as JSON writes it: its path from the contract's type, and its type.</summary>
internal sealed record ContractMember(string Path, string Type)
{
    /// <summary>The top-level member the path starts at (<c>ShipTo</c> of <c>ShipTo.Street</c>).</summary>
    public string Root
    {
        get
        {
            var end = Path.IndexOfAny(['.', '[', '{']);
            return end < 0 ? Path : Path.Substring(0, end);
        }
    }
}
