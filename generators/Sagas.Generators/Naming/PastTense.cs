using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Sagas.Generators.Naming;

/// <summary>
/// Decides whether a PascalCase type name reads as past tense (<c>OrderPlaced</c>) and proposes a
/// name that does (<c>PlaceOrder</c> to <c>OrderPlaced</c>).
/// </summary>
/// <remarks>
/// A heuristic, not a grammar: the last word must be a past-tense verb form, that is it ends in
/// "ed" or is a known irregular form. Words that end in "ed" without being verbs (Hundred) are
/// accepted; a warning on them would cost more than the rare miss. Adjectives and phrases that
/// state an observed fact (StockUnavailable, PaymentDue, OrderReady, StockLow, ItemOutOfStock) read
/// as events too and are accepted. A suggestion is made only from a recognised verb, and only when
/// it is itself past tense: no suggestion beats a nonsense one that the code fix would apply.
/// </remarks>
internal static class PastTense
{
    // Base form to the form an event name uses: the past participle (FundsWithdrawn, InvoiceSent).
    private static readonly Dictionary<string, string> Irregular = Pairs(
        "be:been send:sent resend:resent pay:paid prepay:prepaid repay:repaid buy:bought sell:sold "
        + "withdraw:withdrawn overdraw:overdrawn draw:drawn make:made build:built rebuild:rebuilt "
        + "write:written rewrite:rewritten take:taken give:given do:done undo:undone "
        + "hold:held withhold:withheld uphold:upheld lose:lost find:found win:won begin:begun "
        + "run:run rerun:rerun set:set reset:reset put:put cut:cut shut:shut split:split spend:spent "
        + "leave:left keep:kept bring:brought catch:caught think:thought tell:told choose:chosen "
        + "drive:driven freeze:frozen unfreeze:unfrozen break:broken speak:spoken steal:stolen "
        + "forget:forgotten hide:hidden show:shown know:known grow:grown throw:thrown fly:flown "
        + "read:read meet:met feed:fed lead:led deal:dealt lend:lent bend:bent quit:quit let:let "
        + "hit:hit bid:bid cast:cast forecast:forecast broadcast:broadcast shed:shed spread:spread "
        + "strike:struck stick:stuck hang:hung ring:rung sing:sung sink:sunk see:seen get:got "
        + "go:gone come:come become:become fall:fallen rise:risen wake:woken eat:eaten "
        + "seek:sought teach:taught fight:fought lay:laid mislay:mislaid say:said tear:torn wear:worn");

    // Irregular past forms that are not participles above (Went, Rose, Was).
    private static readonly HashSet<string> IrregularPast = new(
        Irregular.Values.Concat(Set(
            "ate fell rose woke went saw was were been had did became came born sworn bled fled sped "
            + "felt meant stung swung shrunk sprung drunk forgot gotten forbidden slept swept wept "
            + "struck stood understood sat lit hurt")),
        StringComparer.OrdinalIgnoreCase);

    // Regular verbs that commonly open a command name, so PlaceOrder can become OrderPlaced.
    // Words that are more often nouns (Order, Invoice) are left out on purpose.
    private static readonly HashSet<string> RegularVerbs = Set(
        "accept activate add allocate approve archive assign authorize authorise book calculate "
        + "cancel capture change charge check close commit complete confirm create deactivate "
        + "decline delete deliver deploy deposit disable dispatch enable enroll expire export fail "
        + "finish fix fulfil fulfill generate import invite issue lock log mark notify open pack "
        + "pick place plan prepare process publish receive record refund register reject release "
        + "remove rename request reserve restock resume retry return revoke save scan schedule "
        + "ship sign start stop submit subscribe suspend sync tag transfer unlock unsubscribe "
        + "update upload validate verify void apply copy deny succeed end");

    // Verbs that end names stating a status (OrderComplete, ProcessStart).
    private static readonly HashSet<string> StatusVerbs = Set("complete start finish fail succeed cancel expire close open end");

    // Present-tense words that merely end in "ed".
    private static readonly HashSet<string> NotPast = Set(
        "feed need seed speed breed bleed proceed succeed exceed heed embed");

    // Adjectives that state a fact someone observed: StockUnavailable, FundsInsufficient, AddressInvalid,
    // OrderReady, StockLow, CartEmpty, ItemMissing, and the timeouts a saga schedules for itself:
    // ReminderDue, InvoiceOverdue.
    private static readonly HashSet<string> FactAdjectives = Set(
        "invalid insufficient overdue due ready low high late early empty full missing absent stale idle");

    // Phrases that end a name stating a condition (OrderOnHold, ItemInStock, BudgetOverLimit), as
    // their last two words; "out of" anything (ItemOutOfStock, CacheOutOfDate) is one too.
    private static readonly HashSet<string> FactPhrases = Set("onhold instock overlimit overbudget pastdue uptodate");

    // Nouns that are a verb and its particle run together, and the past tense an event name uses:
    // PaymentTimeout -> PaymentTimedOut, CartCheckout -> CartCheckedOut.
    private static readonly Dictionary<string, string> CompoundVerbs = Pairs(
        "timeout:TimedOut checkout:CheckedOut login:LoggedIn logout:LoggedOut signup:SignedUp "
        + "signin:SignedIn signout:SignedOut payout:PaidOut rollback:RolledBack pickup:PickedUp "
        + "backup:BackedUp handover:HandedOver");

    // Phrasal verbs put their particle last (PaymentTimedOut, UserSignedIn); the verb is before it.
    private static readonly HashSet<string> Particles = Set("out in up down off on back over away");

    // Two-syllable verbs stressed on the last syllable double their final consonant (submitted).
    private static readonly HashSet<string> StressFinal = Set(
        "submit commit admit permit omit emit transmit refer prefer confer transfer occur recur "
        + "incur control patrol compel expel propel regret equip");

    /// <summary>Whether <paramref name="typeName"/> ends in a past-tense verb form.</summary>
    public static bool IsPastTense(string typeName)
    {
        var words = SplitWords(SplitVersion(typeName).Core);
        return words.Count == 0 || IsPastForm(words[VerbIndex(words)]) || IsFactPhrase(words); // no words: nothing to judge
    }

    /// <summary>
    /// Proposes a past-tense name for a name that <see cref="IsPastTense"/> rejects, or
    /// <see langword="null"/> when no verb is recognised in it: then only its author knows what happened.
    /// </summary>
    public static string? Suggest(string typeName)
    {
        var (core, version) = SplitVersion(typeName);
        var words = SplitWords(core);
        // A trailing status verb wins over a leading verb: TransferComplete, not CompleteTransferred.
        var statusLast = words.Count > 0 && StatusVerbs.Contains(words[VerbIndex(words)].ToLowerInvariant());
        var suggestion = statusLast ? FromTrailingVerb(words) : FromLeadingVerb(words) ?? FromTrailingVerb(words);
        return suggestion is null || suggestion + version == typeName || !IsPastTense(suggestion + version) ? null : suggestion + version;
    }

    /// <summary>The past participle of a verb, keeping the verb's leading capital.</summary>
    public static string PastOf(string verb)
    {
        var lower = verb.ToLowerInvariant();
        if (Irregular.TryGetValue(lower, out var irregular))
        {
            return char.IsUpper(verb[0]) ? Capitalize(irregular) : irregular;
        }

        // Appending to the original keeps its casing: Ship + "ped".
        if (lower.EndsWith("e", StringComparison.Ordinal))
        {
            return verb + "d";
        }

        if (lower.Length > 1 && lower[lower.Length - 1] == 'y' && !IsVowel(lower[lower.Length - 2]))
        {
            return verb.Substring(0, verb.Length - 1) + "ied";
        }

        return DoublesFinalConsonant(lower) ? verb + verb[verb.Length - 1] + "ed" : verb + "ed";
    }

    private static bool IsPastForm(string word)
    {
        var lower = word.ToLowerInvariant();
        return !NotPast.Contains(lower)
            && (IrregularPast.Contains(lower) || (lower.Length > 3 && lower.EndsWith("ed", StringComparison.Ordinal)) || IsFactAdjective(lower));
    }

    private static bool IsFactPhrase(List<string> words)
    {
        var n = words.Count;
        if (n >= 3 && words[n - 3].Equals("out", StringComparison.OrdinalIgnoreCase) && words[n - 2].Equals("of", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return (n >= 2 && FactPhrases.Contains((words[n - 2] + words[n - 1]).ToLowerInvariant()))
            || (n >= 3 && FactPhrases.Contains((words[n - 3] + words[n - 2] + words[n - 1]).ToLowerInvariant()));
    }

    private static bool IsFactAdjective(string lower) =>
        FactAdjectives.Contains(lower)
        || (lower.Length > 5 && (lower.EndsWith("able", StringComparison.Ordinal) || lower.EndsWith("ible", StringComparison.Ordinal)));

    private static int VerbIndex(List<string> words) =>
        words.Count > 1 && Particles.Contains(words[words.Count - 1].ToLowerInvariant()) ? words.Count - 2 : words.Count - 1;

    // PlaceOrder -> OrderPlaced; CheckOutCart -> CartCheckedOut.
    private static string? FromLeadingVerb(List<string> words)
    {
        if (words.Count < 2 || !IsKnownVerb(words[0]))
        {
            return null;
        }

        var particle = Particles.Contains(words[1].ToLowerInvariant()) && words.Count > 2 ? words[1] : "";
        var rest = words.Skip(particle.Length == 0 ? 1 : 2);
        return string.Concat(rest) + PastOf(words[0]) + particle;
    }

    // OrderPlace -> OrderPlaced; UserSignIn -> UserSignedIn; OrderShipping -> OrderShipped.
    private static string? FromTrailingVerb(List<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        var index = VerbIndex(words);
        var verb = words[index];
        var past = CompoundVerbs.TryGetValue(verb.ToLowerInvariant(), out var compound) ? compound
            : IsKnownVerb(verb) ? PastOf(verb)
            : PastOfGerund(verb);
        return past is null ? null : string.Concat(words.Take(index)) + past + string.Concat(words.Skip(index + 1));
    }

    private static string? PastOfGerund(string word)
    {
        if (word.Length < 5 || !word.EndsWith("ing", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var stem = word.Substring(0, word.Length - 3);
        if (!stem.Any(c => IsVowel(char.ToLowerInvariant(c)) || c == 'y'))
        {
            return null; // Thing, String: no verb inside
        }

        // Irregular stems hide behind a dropped "e" (Writing) or a doubled consonant (Running).
        var undoubled = stem.Length > 2 && stem[stem.Length - 1] == stem[stem.Length - 2] ? stem.Substring(0, stem.Length - 1) : stem;
        foreach (var candidate in new[] { stem, stem + "e", undoubled })
        {
            if (Irregular.ContainsKey(candidate.ToLowerInvariant()))
            {
                return PastOf(candidate);
            }
        }

        // The -ing form already dropped the "e" and doubled the consonant: Placing, Shipping.
        return stem.EndsWith("y", StringComparison.OrdinalIgnoreCase) || stem.EndsWith("e", StringComparison.OrdinalIgnoreCase)
            ? PastOf(stem)
            : stem + "ed";
    }

    private static bool IsKnownVerb(string word)
    {
        var lower = word.ToLowerInvariant();
        return RegularVerbs.Contains(lower) || Irregular.ContainsKey(lower);
    }

    // Ship -> shipped, Stop -> stopped; but Open -> opened and Cancel -> canceled, as .NET spells it.
    private static bool DoublesFinalConsonant(string lower)
    {
        var n = lower.Length;
        if (n < 3 || "wxy".IndexOf(lower[n - 1]) >= 0 || IsVowel(lower[n - 1]) || !IsVowel(lower[n - 2]) || IsVowel(lower[n - 3]))
        {
            return false;
        }

        return VowelGroups(lower) == 1 || StressFinal.Contains(lower);
    }

    private static int VowelGroups(string lower) =>
        Enumerable.Range(0, lower.Length).Count(i => IsVowel(lower[i]) && (i == 0 || !IsVowel(lower[i - 1])));

    // Version suffixes (OrderPlacedV2, OrderPlaced2) are not words; keep them at the end.
    private static (string Core, string Version) SplitVersion(string name)
    {
        var end = name.Length;
        while (end > 0 && char.IsDigit(name[end - 1]))
        {
            end--;
        }

        if (end > 1 && end < name.Length && name[end - 1] == 'V')
        {
            end--;
        }

        return end == 0 ? (name, "") : (name.Substring(0, end), name.Substring(end));
    }

    private static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i <= name.Length; i++)
        {
            var ends = i == name.Length || !char.IsLetterOrDigit(name[i]) || StartsWord(name, i);
            if (ends && word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }

            if (i < name.Length && char.IsLetterOrDigit(name[i]))
            {
                word.Append(name[i]);
            }
        }

        return words;
    }

    // An upper-case letter starts a word after a lower-case letter or digit, or ends an acronym.
    private static bool StartsWord(string name, int i) =>
        i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
            || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1])));

    private static bool IsVowel(char c) => "aeiou".IndexOf(c) >= 0;

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word.Substring(1);

    private static HashSet<string> Set(string list) =>
        new(list.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

    private static Dictionary<string, string> Pairs(string list) =>
        list.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split(':'))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
