package store_test

import (
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

func TestDialogIsTheUnorderedPair(t *testing.T) {
	for _, c := range []struct {
		owner, partner string
		names          []string
		want           string
	}{
		{"alice", "bob", nil, "dialog:alice+bob"},
		{"bob", "alice", nil, "dialog:alice+bob"}, // bob's "alice" is alice's "bob"
		{"carol", "bob", nil, "dialog:bob+carol"}, // carol's "bob" is another chat
		{"live:alice", "bob", nil, "dialog:bob+live:alice"},
		{"alice", "28:concierge", nil, "dialog:28:concierge+alice"},
		{"alice", "+15551234", nil, "dialog:+15551234+alice"},
		{"", "bob", []string{"#x/$y;1", "#alice/$bob;0123456789abcdef"}, "dialog:alice+bob"}, // the legacy name tells the owner
		{"", "bob", []string{"#alice/$*T;189"}, "dialog:?+bob"},                              // nothing tells
		{"alice", "", nil, ""},
	} {
		if got := store.Dialog(c.owner, c.partner, c.names...); got != c.want {
			t.Errorf("Dialog(%q, %q, %q) = %q, want %q", c.owner, c.partner, c.names, got, c.want)
		}
	}
}

func TestDialogPairReadsBack(t *testing.T) {
	for _, pair := range [][2]string{{"alice", "bob"}, {"live:alice", "live:bob"}, {"28:bot", "x"}, {"+15551234", "alice"}, {"+1", "+2"}} {
		name := store.DialogName(pair[1], pair[0])
		a, b, ok := store.DialogPair(name)
		if !ok || a != pair[0] || b != pair[1] {
			t.Errorf("DialogPair(%q) = %q, %q, %v; want %q", name, a, b, ok, pair)
		}
	}
	for _, name := range []string{"8:bob", "dialog:", "dialog:alice", "dialog:a+b+c", "dialog:+", "dialog:a+", "#alice/$bob;1"} {
		if _, _, ok := store.DialogPair(name); ok {
			t.Errorf("DialogPair(%q) reads a pair", name)
		}
	}
}

func TestLegacyDialogPair(t *testing.T) {
	for name, want := range map[string][2]string{
		"#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36": {"gen.beringer", "european.bbq.competitor"},
		"#live:alice/$bob;0123":                                  {"live:alice", "bob"},
		"#test_l/$6a072ce5537c4044":                              {}, // a group
		"#test.acc2001/$*T;189":                                  {}, // a legacy group
		"19:abc@thread.skype":                                    {},
		"bob":                                                    {},
	} {
		a, b, ok := store.LegacyDialogPair(name)
		if got := [2]string{a, b}; got != want || ok != (want != [2]string{}) {
			t.Errorf("LegacyDialogPair(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestRelativeDialog(t *testing.T) {
	for name, want := range map[string]string{
		"8:bob": "bob", "8:live:bob": "live:bob", "4:+15551234": "+15551234", "28:concierge": "28:concierge",
		"19:abc@thread.skype": "", "48:calllogs": "", "#alice/$bob;1": "", "bob": "", "live:bob": "", "dialog:a+b": "",
	} {
		got, ok := store.RelativeDialog(name)
		if got != want || ok != (want != "") {
			t.Errorf("RelativeDialog(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
}

func TestSourceOwner(t *testing.T) {
	for _, c := range [][3]string{{"live", "alice", "live:alice"}, {"export", "live:bob", "export:live:bob"}, {"maindb", "", "maindb:"}} {
		if got := store.SourceName(c[0], c[1]); got != c[2] {
			t.Errorf("SourceName(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
		if got := store.SourceOwner(c[2]); got != c[1] {
			t.Errorf("SourceOwner(%q) = %q, want %q", c[2], got, c[1])
		}
	}
	if got := store.SourceOwner("maindb"); got != "" {
		t.Errorf("SourceOwner(maindb) = %q, want none", got)
	}
}
