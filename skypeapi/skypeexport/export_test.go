package skypeexport

import (
	"compress/gzip"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func checkQuirks(t *testing.T, e *Export, g got) {
	t.Helper()
	if e.UserID != "8:live:alice" || e.ExportDate != "2020-07-06T20:55" {
		t.Errorf("UserID %q ExportDate %q (keys after conversations)", e.UserID, e.ExportDate)
	}
	if len(g.convs) != 6 || len(g.msgs) != 6 {
		t.Fatalf("got %d conversations, %d messages; want 6, 6", len(g.convs), len(g.msgs))
	}
	c := g.convs
	if c[0].ID != "8:live:bob" || c[0].Kind != KindDialog || c[0].DisplayName != "" || c[0].Members != nil || c[0].Topic != "" {
		t.Errorf("conv 0 = %+v", c[0])
	}
	if c[1].Kind != KindGroup || c[1].Topic != "Pals" || !reflect.DeepEqual(c[1].Members, []string{"8:live:alice", "8:live:bob", "8:carol"}) {
		t.Errorf("conv 1 = %+v", c[1])
	}
	const legacy = "#carol.x/$dave~?;4b3f1e0a9c8d7e6f"
	if c[2].LegacyName != legacy || c[2].Members != nil || c[2].DisplayName != "Old group" {
		t.Errorf("conv 2 = %+v", c[2])
	}
	if c[3].LegacyName != legacy || c[3].Kind != KindGroup {
		t.Errorf("conv 3 = %+v", c[3])
	}
	if c[4].Kind != KindBot || !reflect.DeepEqual(c[4].Members, []string{"28:concierge", "8:live:alice"}) {
		t.Errorf("conv 4 = %+v", c[4])
	}
	if c[5].Kind != KindSystem {
		t.Errorf("conv 5 = %+v", c[5])
	}

	m := g.msgs
	// File order: newest first, as written.
	if m[0].ID != "1594056032374" || m[1].ID != "1594056000000" || m[2].ID != "1594055000000" {
		t.Errorf("message order %q %q %q", m[0].ID, m[1].ID, m[2].ID)
	}
	if want := time.Date(2020, 7, 6, 17, 20, 30, 609300000, time.UTC); !m[0].Time.Equal(want) || m[0].Time.Location() != time.UTC {
		t.Errorf("m0 time %v", m[0].Time)
	}
	if m[0].Author != "live:bob" || m[0].From != "8:live:bob" || m[0].DisplayName != "Bob" || m[0].Content != "newest &apos;hi&apos;" {
		t.Errorf("m0 = %+v", m[0])
	}
	if !m[0].EditTime.Equal(time.UnixMilli(1594056040000)) || !m[0].DeleteTime.IsZero() {
		t.Errorf("m0 edit %v delete %v", m[0].EditTime, m[0].DeleteTime)
	}
	wantR := []Reaction{{Key: "like", Users: []ReactionUser{{MRI: "8:live:alice", Time: time.UnixMilli(1594056050000).UTC(), Value: "1594056050001"}}}}
	if !reflect.DeepEqual(m[0].Reactions, wantR) {
		t.Errorf("m0 reactions %+v", m[0].Reactions)
	}
	if !reflect.DeepEqual(m[0].Media, []string{"0-weu-d3-0123456789abcdef0123456789abcdef"}) {
		t.Errorf("m0 media %v", m[0].Media)
	}
	if m[1].Author != "alice" || m[1].DisplayName != "" || !m[1].DeleteTime.Equal(time.UnixMilli(1594056099000)) || m[1].Media != nil {
		t.Errorf("m1 = %+v", m[1])
	}
	if len(m[1].Reactions) != 1 || m[1].Reactions[0].Key != "heart" || m[1].Reactions[0].Users[0].Value != "2" ||
		!m[1].Reactions[0].Users[0].Time.Equal(time.UnixMilli(1594056060000)) {
		t.Errorf("m1 reactions (JSON string) %+v", m[1].Reactions)
	}
	if want := time.Date(2020, 7, 6, 17, 3, 20, 500000000, time.UTC); !m[2].Time.Equal(want) || m[2].Content != "" || m[2].Reactions != nil {
		t.Errorf("m2 = %+v", m[2])
	}
	// MessageList before id: the message sees the id from conversationid.
	if g.mconv[3].ID != c[1].ID || !m[3].ServerGenerated || m[3].Author != m[3].From || m[3].Type != "ThreadActivity/TopicUpdate" {
		t.Errorf("m3 = %+v conv %+v", m[3], g.mconv[3])
	}
	if m[4].Author != "28:concierge" || m[4].Time.Nanosecond() != 123456789 {
		t.Errorf("m4 = %+v", m[4])
	}
	if m[5].ConversationID != "48:calllogs" || g.mconv[5].Kind != KindSystem {
		t.Errorf("m5 = %+v", m[5])
	}
}

func TestBareJSONQuirks(t *testing.T) {
	e, g, err := collect(t, "testdata/quirks.json")
	if err != nil {
		t.Fatal(err)
	}
	if e.FromTar || e.HasMedia {
		t.Errorf("FromTar %v HasMedia %v", e.FromTar, e.HasMedia)
	}
	checkQuirks(t, e, g)
}

func TestTar(t *testing.T) {
	js := string(mustRead(t, "testdata/quirks.json"))
	for _, tc := range []struct {
		name    string
		entries []tarEntry
		media   bool
	}{
		{"plain", []tarEntry{{name: "endpoints.json", body: `{"endpoints":[]}`}, {name: "messages.json", body: js}}, false},
		{"dot-slash", []tarEntry{{name: "./", dir: true}, {name: "./messages.json", body: js}}, false},
		{"media-after", []tarEntry{{name: "messages.json", body: js}, {name: "media/", dir: true}, {name: "media/0-weu-d3-x.json", body: `{}`}, {name: "media/0-weu-d3-x.1.png", body: "PNG"}}, true},
		{"media-before", []tarEntry{{name: "media/0-weu-d3-x.1.png", body: "PNG"}, {name: "messages.json", body: js}}, true},
		{"media-dir-only", []tarEntry{{name: "media/", dir: true}, {name: "messages.json", body: js}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := makeTar(t, tc.entries)
			p := writeFile(t, "8_live_alice_export.tar", data)
			e, g, err := collect(t, p)
			if err != nil {
				t.Fatal(err)
			}
			if !e.FromTar || e.HasMedia != tc.media {
				t.Errorf("FromTar %v HasMedia %v, want media %v", e.FromTar, e.HasMedia, tc.media)
			}
			checkQuirks(t, e, g)

			// The same through a one-pass stream.
			se, err := newReader(strings.NewReader(string(data)), "stream.tar")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			if err := se.Each(func(Conversation, Message) error { n++; return nil }); err != nil {
				t.Fatal(err)
			}
			if n != 6 || se.HasMedia != tc.media || !se.FromTar {
				t.Errorf("stream: %d messages, HasMedia %v", n, se.HasMedia)
			}
		})
	}
}

func TestHeaderFieldsBeforeConversations(t *testing.T) {
	p := writeFile(t, "m.json", []byte(` {"userId":"8:bob","exportDate":"2023-12-21T06:51","conversations":[]}`))
	e, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.UserID != "8:bob" || e.ExportDate != "2023-12-21T06:51" {
		t.Errorf("Open: UserID %q ExportDate %q", e.UserID, e.ExportDate)
	}
	if err := e.Each(func(Conversation, Message) error { t.Error("unexpected message"); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := e.Each(nil); err == nil {
		t.Error("second Each: no error")
	}
	if err := e.Close(); err != nil {
		t.Error(err)
	}
}

func TestCallbackErrorReturnedUnchanged(t *testing.T) {
	e, err := Open("testdata/quirks.json")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	stop := errors.New("stop")
	n := 0
	err = e.Each(func(Conversation, Message) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 {
		t.Errorf("err %v after %d messages", err, n)
	}
}

func TestBadInput(t *testing.T) {
	js := mustRead(t, "testdata/quirks.json")
	good := makeTar(t, []tarEntry{{name: "messages.json", body: string(js)}})
	cut := strings.Index(string(js), `"1594055000000"`) // inside message 2 of conversation 0
	badMid := strings.Replace(string(js), `"messagetype": "Event/BingBot",`, `"messagetype": "Event/BingBot" "oops",`, 1)
	for _, tc := range []struct {
		name    string
		data    []byte
		notExp  bool     // errors.Is(err, ErrNotExport)
		want    []string // substrings of the message
		atOpen  bool
		wantMsg int // messages delivered before the error
	}{
		{"truncated-json", js[:cut], false, []string{"export.json", "at byte", "(conversation 0 \"8:live:bob\", message 2)", "unexpected EOF"}, false, 2},
		{"malformed-middle", []byte(badMid), false, []string{"at byte", "(conversation 4 \"28:concierge\", message 0)", "invalid character"}, false, 4},
		{"truncated-tar", good[:1024+cut], false, []string{"export.json", "reading tar", "unexpected EOF"}, true, 0},
		{"random-bytes", []byte("\x00\x01garbage that is not a tar at all, nor JSON......"), true, []string{"neither JSON nor a tar"}, true, 0},
		{"no-conversations", []byte(`{"userId":"8:x","exportDate":"2020-01-01T00:00","other":[1,2]}`), true, []string{"no \"conversations\""}, true, 0},
		{"conversations-not-array", []byte(`{"conversations":{}}`), true, []string{"not an array"}, true, 0},
		{"json-array", []byte(`[1,2,3]`), true, nil, true, 0},
		{"empty", []byte("  \n"), true, []string{"empty file"}, true, 0},
		{"tar-without-messages", makeTar(t, []tarEntry{{name: "endpoints.json", body: "{}"}}), true, []string{"no messages.json"}, true, 0},
		{"bad-time", []byte(`{"conversations":[{"id":"8:a","MessageList":[{"id":"1","originalarrivaltime":"yesterday"}]}]}`), false, []string{"message 0)", "originalarrivaltime"}, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, "export.json", tc.data)
			_, g, err := collect(t, p)
			if err == nil {
				t.Fatal("no error")
			}
			var xe *Error
			if !errors.As(err, &xe) {
				t.Fatalf("error %T %v is not *Error", err, err)
			}
			if errors.Is(err, ErrNotExport) != tc.notExp {
				t.Errorf("errors.Is(ErrNotExport) = %v: %v", !tc.notExp, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "skypeexport: ") || !strings.Contains(msg, p) {
				t.Errorf("message lacks prefix or file: %s", msg)
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if len(g.msgs) != tc.wantMsg {
				t.Errorf("%d messages delivered before the error, want %d", len(g.msgs), tc.wantMsg)
			}
			t.Log(msg)
		})
	}
}

func TestMissingFile(t *testing.T) {
	_, err := Open("testdata/does-not-exist.tar")
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "skypeexport: testdata/does-not-exist.tar") {
		t.Errorf("err = %v", err)
	}
}

func TestTruncatedTarStream(t *testing.T) {
	js := mustRead(t, "testdata/quirks.json")
	data := makeTar(t, []tarEntry{{name: "messages.json", body: string(js)}})
	e, err := newReader(strings.NewReader(string(data[:512+len(js)/2])), "cut.tar")
	if err != nil {
		t.Fatal(err)
	}
	err = e.Each(func(Conversation, Message) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "cut.tar: messages.json at byte") || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("err = %v", err)
	}
}

func TestTarDamagedAfterMessages(t *testing.T) {
	js := string(mustRead(t, "testdata/quirks.json"))
	media := strings.Repeat("x", 4096)
	data := makeTar(t, []tarEntry{{name: "messages.json", body: js}, {name: "media/a.json", body: "{}"}, {name: "media/a.1.png", body: media}})
	data = data[:len(data)-1024-2048] // cut inside media/a.1.png
	p := writeFile(t, "export.tar", data)
	e, g, err := collect(t, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.msgs) != 6 || !e.HasMedia || e.TarDamage == nil || !strings.Contains(e.TarDamage.Error(), "media/a.1.png") {
		t.Errorf("%d messages, HasMedia %v, TarDamage %v", len(g.msgs), e.HasMedia, e.TarDamage)
	}

	se, err := newReader(strings.NewReader(string(data)), "stream.tar")
	if err != nil {
		t.Fatal(err)
	}
	if err := se.Each(func(Conversation, Message) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if se.TarDamage == nil || !se.HasMedia {
		t.Errorf("stream: HasMedia %v, TarDamage %v", se.HasMedia, se.TarDamage)
	}
}

func TestBOMOffset(t *testing.T) {
	p := writeFile(t, "bom.json", []byte("\xef\xbb\xbf{\"conversations\":[}"))
	_, _, err := collect(t, p)
	var xe *Error
	if !errors.As(err, &xe) || xe.Offset != 21 {
		t.Errorf("err %v, want offset 21 (counting the BOM)", err)
	}
}

func TestGzipAndNullConversations(t *testing.T) {
	js := string(mustRead(t, "testdata/quirks.json"))
	var buf strings.Builder
	zw := gzip.NewWriter(&buf)
	zw.Write(makeTar(t, []tarEntry{{name: "messages.json", body: js}, {name: "media/a.1.png", body: "PNG"}}))
	zw.Close()
	e, g, err := collect(t, writeFile(t, "export.tar.gz", []byte(buf.String())))
	if err != nil {
		t.Fatal(err)
	}
	if !e.FromTar || !e.HasMedia || len(g.msgs) != 6 {
		t.Errorf("gzip tar: FromTar %v HasMedia %v, %d messages", e.FromTar, e.HasMedia, len(g.msgs))
	}

	e, g, err = collect(t, writeFile(t, "m.json", []byte(`{"conversations":null,"userId":"8:x"}`)))
	if err != nil || len(g.convs) != 0 || e.UserID != "8:x" {
		t.Errorf("null conversations: %v, %d conversations, UserID %q", err, len(g.convs), e.UserID)
	}
}
