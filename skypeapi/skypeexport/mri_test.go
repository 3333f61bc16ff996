package skypeexport

import (
	"encoding/base64"
	"testing"
	"time"
)

func TestHandleAndKind(t *testing.T) {
	for _, tc := range []struct {
		mri, handle string
		kind        ConversationKind
	}{
		{"8:live:bob", "live:bob", KindDialog},
		{"8:bob", "bob", KindDialog},
		{"8:live:.cid.0123abcd", "live:.cid.0123abcd", KindDialog},
		{"4:+15550100", "+15550100", KindDialog},
		{"28:concierge", "28:concierge", KindBot},
		{"19:abc@thread.skype", "19:abc@thread.skype", KindGroup},
		{"48:calllogs", "calllogs", KindSystem},
		{"bob", "bob", KindUnknown},
		{"live:bob", "live:bob", KindUnknown},
		{"", "", KindUnknown},
	} {
		if h := Handle(tc.mri); h != tc.handle {
			t.Errorf("Handle(%q) = %q, want %q", tc.mri, h, tc.handle)
		}
		if k := KindOf(tc.mri); k != tc.kind {
			t.Errorf("KindOf(%q) = %v, want %v", tc.mri, k, tc.kind)
		}
	}
	if KindSystem.String() != "system" || ConversationKind(99).String() != "unknown" {
		t.Error("String")
	}
}

func TestLegacyName(t *testing.T) {
	for _, name := range []string{"#alice/$bob;0123456789abcdef", "#a/$b;1", "#carol.x/$dave~?;4b3f1e0a9c8d7e6f", "#x>?/$y;ff"} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			id := "19:" + enc.EncodeToString([]byte(name)) + "@p2p.thread.skype"
			if got := LegacyName(id); got != name {
				t.Errorf("LegacyName(%q) = %q, want %q", id, got, name)
			}
		}
	}
	for _, id := range []string{
		"19:0123456789abcdef0123456789abcdef@thread.skype",
		"19:" + base64.StdEncoding.EncodeToString([]byte("no hash")) + "@p2p.thread.skype",
		"19:!!!@p2p.thread.skype",
		"19:@p2p.thread.skype",
		"8:live:bob",
	} {
		if got := LegacyName(id); got != "" {
			t.Errorf("LegacyName(%q) = %q, want \"\"", id, got)
		}
	}
}

func TestParseTime(t *testing.T) {
	base := time.Date(2020, 7, 6, 17, 20, 30, 0, time.UTC)
	for s, want := range map[string]time.Time{
		"2020-07-06T17:20:30Z":           base,
		"2020-07-06T17:20:30.6Z":         base.Add(600 * time.Millisecond),
		"2020-07-06T17:20:30.53Z":        base.Add(530 * time.Millisecond),
		"2020-07-06T17:20:30.609Z":       base.Add(609 * time.Millisecond),
		"2020-07-06T17:20:30.6093Z":      base.Add(609300 * time.Microsecond),
		"2020-07-06T17:20:30.123456789Z": base.Add(123456789),
		"2020-07-06T19:20:30.5+02:00":    base.Add(500 * time.Millisecond),
		"2020-07-06T17:20:30":            base,
		"2020-07-06T17:20:30.25":         base.Add(250 * time.Millisecond),
		"2020-07-06T17:20":               base.Add(-30 * time.Second),
		"2020-07-06 17:20:30.1Z":         base.Add(100 * time.Millisecond),
	} {
		got, err := ParseTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := ParseTime("06/07/2020"); err == nil {
		t.Error("ParseTime accepted a bad time")
	}
}

func TestEpochMillis(t *testing.T) {
	want := time.UnixMilli(1594056040000).UTC()
	for _, raw := range []string{`"1594056040000"`, `1594056040000`, `1594056040000.0`, `" 1594056040000 "`} {
		got, err := epochMillis([]byte(raw))
		if err != nil || !got.Equal(want) {
			t.Errorf("epochMillis(%s) = %v, %v", raw, got, err)
		}
	}
	for _, raw := range []string{``, `null`, `""`, `"0"`} {
		if got, err := epochMillis([]byte(raw)); err != nil || !got.IsZero() {
			t.Errorf("epochMillis(%s) = %v, %v; want zero", raw, got, err)
		}
	}
	if _, err := epochMillis([]byte(`"soon"`)); err == nil {
		t.Error("epochMillis accepted text")
	}
}

// TestUserMRI: UserMRI and Handle undo each other.
func TestUserMRI(t *testing.T) {
	for handle, mri := range map[string]string{
		"bob": "8:bob", "live:bob": "8:live:bob", "live:.cid.0123abcd": "8:live:.cid.0123abcd", "+15551234": "4:+15551234",
		"28:concierge": "28:concierge", "19:0123@thread.skype": "19:0123@thread.skype",
	} {
		if got := UserMRI(handle); got != mri {
			t.Errorf("UserMRI(%q) = %q, want %q", handle, got, mri)
		}
		if back := Handle(mri); back != handle {
			t.Errorf("Handle(%q) = %q, want %q", mri, back, handle)
		}
	}
}

// TestLegacyID: LegacyName reads back what LegacyID writes.
func TestLegacyID(t *testing.T) {
	for _, name := range []string{"#alice/$bob;0123456789abcdef", "#test.acc2001/$*T;189", "#alice/$6a072ce5537c4044", "#ü/$ß;1"} {
		id := LegacyID(name)
		if LegacyName(id) != name || KindOf(id) != KindGroup {
			t.Errorf("LegacyID(%q) = %q reads back as %q", name, id, LegacyName(id))
		}
	}
}
