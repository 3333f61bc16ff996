package store

import (
	"slices"
	"strings"
)

// A dialog (a one-to-one chat) is the unordered pair of its two people.
// Sources name it relative to the account they belong to: a main.db's
// dialog conversation is "bob" (Conversations.identity), an export's is
// "8:bob", both meaning "bob and the file's owner". So alice's "bob" and
// bob's "alice" are one chat, and carol's "bob" another. This file is the
// one home of that rule: every importer and the collector name a dialog
// with Dialog, and never by the partner alone.

// dialogPrefix starts the archive's name of a dialog.
const dialogPrefix = "dialog:"

// unknownPerson stands for the owner of a dialog nothing tells.
const unknownPerson = "?"

// DialogName is the archive's name of the dialog between a and b (bare
// handles: "alice", "live:bob", "28:concierge", "+15551234"): "dialog:" and
// the two handles sorted and joined by "+", e.g. "dialog:alice+live:bob".
// Either order of a and b gives the same name. Skype names and live: ids
// never hold '+' and a phone number only as its first character, so the
// name reads back unambiguously (DialogPair); '+' also stays as it is in
// URLs (web ids) and is valid in the feeds' entry ids (IRIs), which '|'
// would not be. It is "" when either is empty.
func DialogName(a, b string) string {
	if a == "" || b == "" {
		return ""
	}
	if b < a {
		a, b = b, a
	}
	return dialogPrefix + a + "+" + b
}

// DialogPair reads the two people back from a DialogName (a sorts first);
// ok is false for any other name.
func DialogPair(name string) (a, b string, ok bool) {
	rest, found := strings.CutPrefix(name, dialogPrefix)
	if !found || len(rest) < 3 {
		return "", "", false
	}
	i := strings.IndexByte(rest[1:], '+') + 1 // a phone number starts with '+'
	if i == 0 {
		return "", "", false
	}
	a, b = rest[:i], rest[i+1:]
	if b == "" || strings.Contains(a[1:], "+") || len(b) > 1 && strings.Contains(b[1:], "+") {
		return "", "", false
	}
	return a, b, true
}

// Dialog names the dialog that a source belonging to owner holds with
// partner. owner is the account the source belongs to: a main.db's
// Accounts.skypename, an export's userId (without "8:"), the live client's
// current user. When owner is "", a legacy Desktop API name of the same
// dialog among names ("#alice/$bob;0123456789abcdef", which names its two
// people) that includes partner tells the other person. When nothing tells,
// the dialog is named "dialog:?+partner": the dialog with partner of someone
// unknown, which never merges with a dialog whose two people are known
// (only with the owner-less dialogs with partner of other such files, which
// real Skype files, always naming their account, do not make). It is ""
// when partner is "".
func Dialog(owner, partner string, names ...string) string {
	if partner == "" {
		return ""
	}
	if owner == "" {
		for _, n := range names {
			if a, b, ok := LegacyDialogPair(n); ok && (a == partner || b == partner) {
				return DialogName(a, b)
			}
		}
		return dialogPrefix + unknownPerson + "+" + partner
	}
	return DialogName(owner, partner)
}

// LegacyDialogPair reads the two people of a legacy Desktop API dialog name,
// "#creator/$partner;hex". Group names ("#creator/$hex", "#creator/$*T;189")
// and every other name give ok false. A name of this shape can still belong
// to a group spawned from a dialog (a real Skype 6 file has one), so only a
// source that knows a chat to be a dialog may read it as one.
func LegacyDialogPair(name string) (a, b string, ok bool) {
	rest, found := strings.CutPrefix(name, "#")
	if !found {
		return "", "", false
	}
	a, rest, found = strings.Cut(rest, "/$")
	if !found || a == "" {
		return "", "", false
	}
	b, hex, found := strings.Cut(rest, ";")
	if !found || b == "" || hex == "" || strings.HasPrefix(b, "*") {
		return "", "", false
	}
	return a, b, true
}

// RelativeDialog reports whether name names a dialog relative to its owner,
// as an export's conversation ids do ("8:bob", "8:live:bob", "4:+15551234",
// a bot's "28:concierge") and as earlier versions of this program aliased
// dialogs, and returns the partner's handle (a bot keeps its "28:"). Group
// threads ("19:…") and system conversations ("48:…") are not dialogs.
func RelativeDialog(name string) (partner string, ok bool) {
	prefix, rest, found := strings.Cut(name, ":")
	if !found || prefix == "" || rest == "" || strings.Trim(prefix, "0123456789") != "" {
		return "", false
	}
	switch prefix {
	case "19", "48":
		return "", false
	case "28":
		return name, true
	}
	return rest, true
}

// SourceName names a source of messages: its kind ("live", "export",
// "maindb") and the account it belongs to, e.g. "maindb:alice",
// "export:live:bob", "maindb:" when the account is unknown.
func SourceName(kind, owner string) string {
	return kind + ":" + owner
}

// SourceOwner is the account a source named by SourceName belongs to, ""
// when unknown.
func SourceOwner(source string) string {
	_, owner, _ := strings.Cut(source, ":")
	return owner
}

// dialogPeople lists the people a dialog name or a legacy dialog name
// names, sorted, or nil.
func dialogPeople(name string) []string {
	a, b, ok := DialogPair(name)
	if !ok {
		a, b, ok = LegacyDialogPair(name)
	}
	if !ok || a == unknownPerson || b == unknownPerson {
		return nil
	}
	people := []string{a, b}
	slices.Sort(people)
	return people
}
