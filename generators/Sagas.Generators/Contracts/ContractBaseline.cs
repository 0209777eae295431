using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Sagas.Generators.Model;

namespace Sagas.Generators.Contracts;

/// <summary>
/// The checked-in baseline, <c>sagas.contracts.txt</c>: one block per contract, written to be read
/// in code review.
/// <code>
/// event orders.placed v1 Shop.OrderPlaced
///   OrderId: System.Guid
///   Lines[].Sku: string
///
/// saga Shop.OrderSaga
///   data Shop.OrderData
///   key OrderId: System.Guid
///   states AwaitingPayment Completed
///   OrderId: System.Guid
/// </code>
/// </summary>
internal static class ContractBaseline
{
    /// <summary>The file's name: the AdditionalFile the generator and the analyzer look for.</summary>
    public const string FileName = "sagas.contracts.txt";

    /// <summary>The baseline of <paramref name="entries"/>: messages by wire name, then sagas by name.</summary>
    public static string Write(IEnumerable<ContractEntry> entries)
    {
        var text = new StringBuilder()
            .Append("// The message contracts and saga data that messages in flight and live instances depend on.\n")
            .Append("// Written by the build (<SagasContractBaseline>true</SagasContractBaseline>), which reports a change\n")
            .Append("// that breaks them (SAGA038) and adds what is new. Commit it. README: Versioning, contract baseline.\n");
        foreach (var entry in entries.OrderBy(e => e.IsMessage ? 0 : 1).ThenBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.TypeName, StringComparer.Ordinal))
        {
            text.Append('\n');
            if (entry.IsMessage)
            {
                text.Append(entry.Kind).Append(' ').Append(entry.Name).Append(" v").Append(entry.Version.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(entry.TypeName).Append('\n');
            }
            else
            {
                text.Append(ContractEntry.Saga).Append(' ').Append(entry.Name).Append('\n');
                text.Append("  data ").Append(entry.TypeName).Append('\n');
                if (entry.Key.Length > 0)
                {
                    text.Append("  key ").Append(entry.Key).Append('\n');
                }

                if (entry.States.Count > 0)
                {
                    text.Append("  states ").Append(string.Join(" ", entry.States)).Append('\n');
                }
            }

            foreach (var member in entry.Members)
            {
                text.Append("  ").Append(member.Path).Append(": ").Append(member.Type).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Reads a baseline. A line it cannot read is returned as a problem with its 1-based number, and
    /// the entries are then not to be trusted: the caller reports the line and checks nothing.
    /// </summary>
    public static (List<ContractEntry> Entries, (int Line, string Problem)? Error) Parse(string text)
    {
        var entries = new List<ContractEntry>();
        ContractEntry? current = null;
        var members = new List<ContractMember>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var number = i + 1;
            if (line.Length == 0 || line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                Flush();
                current = Header(line, number);
                if (current is null)
                {
                    return (entries, (number, $"'{line}' is not a contract: a block starts with 'event <wire name> v<version> <type>', 'command ...' or 'saga <name>'"));
                }

                continue;
            }

            var body = line.Trim();
            if (current is null)
            {
                return (entries, (number, $"'{body}' belongs to no contract: indent it under an 'event', 'command' or 'saga' line"));
            }

            var colon = body.IndexOf(": ", StringComparison.Ordinal);
            var space = body.IndexOf(' ');
            if (colon > 0 && (space < 0 || colon < space))
            {
                members.Add(new ContractMember(body.Substring(0, colon), body.Substring(colon + 2).Trim()));
            }
            else if (!current.IsMessage && Keyword(body, "data") is { } data)
            {
                current = current with { TypeName = data };
            }
            else if (!current.IsMessage && Keyword(body, "key") is { } key)
            {
                current = current with { Key = key };
            }
            else if (!current.IsMessage && Keyword(body, "states") is { } states)
            {
                current = current with { States = states.Split([' '], StringSplitOptions.RemoveEmptyEntries).ToEquatableArray() };
            }
            else
            {
                return (entries, (number, $"'{body}' is not a member ('<name>: <type>')" + (current.IsMessage ? "" : " nor a saga's 'data', 'key' or 'states' line")));
            }
        }

        Flush();
        return (entries, null);

        void Flush()
        {
            if (current is not null)
            {
                entries.Add(current with { Members = members.ToEquatableArray() });
                members.Clear();
            }
        }
    }

    private static ContractEntry? Header(string line, int number)
    {
        // A wire name is the user's string and may hold a space; the version and the type never do.
        var parts = line.Split([' '], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && parts[0] is ContractEntry.Event or ContractEntry.Command
            && parts[parts.Length - 2] is { Length: > 1 } version && version[0] == 'v'
            && int.TryParse(version.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out var versionNumber))
        {
            var wireName = string.Join(" ", parts, 1, parts.Length - 3);
            return new ContractEntry(parts[0], wireName, versionNumber, parts[parts.Length - 1], "", default, default) { Line = number };
        }

        return parts.Length == 2 && parts[0] == ContractEntry.Saga
            ? new ContractEntry(ContractEntry.Saga, parts[1], 0, "", "", default, default) { Line = number }
            : null;
    }

    private static string? Keyword(string body, string keyword) =>
        body.StartsWith(keyword + " ", StringComparison.Ordinal) ? body.Substring(keyword.Length + 1).Trim() : null;
}
