package skypeexport

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// documentedTypes are the messagetype values of spec 1.5
// (../shared/specs/skype-export-formats.md), each with what the import
// must do with it: the archive type, or "skip: reason".
var documentedTypes = map[string]string{
	"RichText":                                  "SAID",
	"Text":                                      "SAID",
	"RichText/Html":                             "SAID",
	"RichText/UriObject":                        "FILE",
	"RichText/Media_GenericFile":                "FILES",
	"RichText/Media_Video":                      "MEDIAMESSAGE",
	"RichText/Media_AudioMsg":                   "MEDIAMESSAGE",
	"RichText/Media_Album":                      "ALBUM",
	"RichText/Media_Card":                       "CARD",
	"RichText/Media_CallRecording":              "CALLRECORDING",
	"RichText/Media_FlikMsg":                    "MOJI",
	"RichText/Contacts":                         "POSTEDCONTACTS",
	"RichText/Location":                         "LOCATION",
	"RichText/ScheduledCallInvite":              "CALLINVITE",
	"RichText/SwiftObject":                      "CARD",
	"Event/Call":                                "CALLSTARTED",
	"Event/BingBot":                             "BOTEVENT",
	"ThreadActivity/AddMember":                  "ADDEDMEMBERS",
	"ThreadActivity/DeleteMember":               "KICKED",
	"ThreadActivity/TopicUpdate":                "SETTOPIC",
	"ThreadActivity/PictureUpdate":              "SETPICTURE",
	"ThreadActivity/HistoryDisclosedUpdate":     "SETOPTIONS",
	"ThreadActivity/JoiningEnabledUpdate":       "SETOPTIONS",
	"ThreadActivity/E2EEHandshakeInvite":        "skip: encryption handshakes",
	"ThreadActivity/E2EEHandshakeAccept":        "skip: encryption handshakes",
	"ThreadActivity/E2EEHandshakeComplete":      "skip: encryption handshakes",
	"Notice":                                    "NOTICE",
	"PopCard":                                   "skip: promotional cards",
	"Poll":                                      "POLL",
	"InviteFreeRelationshipChanged/Initialized": "skip: contact bookkeeping",
	"EndToEndEncryption/EncryptedText":          "skip: end-to-end encrypted, unreadable",
}

// TestEveryDocumentedTypeHasARule: each documented messagetype is mapped
// on purpose (no rule means it would pass through under its raw name), and
// the rules hold nothing undocumented.
func TestEveryDocumentedTypeHasARule(t *testing.T) {
	for typ, want := range documentedTypes {
		rule, ok := messageTypes[typ]
		if !ok {
			t.Errorf("%s has no rule", typ)
			continue
		}
		name, skip := ArchiveType(Message{Type: typ})
		got := name
		if skip != "" {
			got = "skip: " + skip
		}
		if got != want || (rule.name == "") == (rule.skip == "") {
			t.Errorf("%s: %q (rule %+v), want %q", typ, got, rule, want)
		}
	}
	for typ := range messageTypes {
		if _, ok := documentedTypes[typ]; !ok {
			t.Errorf("rule for %s, which the spec does not document", typ)
		}
	}
}

// TestTheSpecListsNoOtherType reads spec 1.5, when the shared folder is
// beside the repository, so that a type added there cannot slip through.
func TestTheSpecListsNoOtherType(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "specs", "skype-export-formats.md"))
	if err != nil {
		t.Logf("spec not beside the repository (%v): the embedded list stands alone", err)
		return
	}
	types := specTypes(string(spec))
	for _, typ := range types {
		if _, ok := documentedTypes[typ]; !ok {
			t.Errorf("spec 1.5 documents %s; give it a rule in messageTypes and here", typ)
		}
	}
	for typ := range documentedTypes {
		if !slices.Contains(types, typ) {
			t.Errorf("%s is not in spec 1.5 as read (%d types: %v)", typ, len(types), types)
		}
	}
}

// specTypes lists the backticked values of the table in spec 1.5, with
// "/DeleteMember" read as "ThreadActivity/DeleteMember" after
// "ThreadActivity/AddMember".
func specTypes(spec string) []string {
	_, section, _ := strings.Cut(spec, "### 1.5")
	section, _, _ = strings.Cut(section, "\n### ")
	var types []string
	tick := regexp.MustCompile("`([^`]+)`")
	for line := range strings.SplitSeq(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || strings.HasPrefix(strings.TrimSpace(cells[1]), "Family") {
			continue
		}
		family := ""
		for _, m := range tick.FindAllStringSubmatch(cells[2], -1) {
			typ := m[1]
			if strings.HasPrefix(typ, "/") {
				typ = family + typ
			} else if i := strings.LastIndex(typ, "/"); i > 0 {
				family = typ[:i]
			}
			types = append(types, typ)
		}
	}
	return types
}

// TestImportAppliesTheTypeRules imports one message of every documented
// type: the kept ones land under their archive types (calls that ended and
// members who left themselves included), the others are counted by reason.
func TestImportAppliesTheTypeRules(t *testing.T) {
	var msgs []string
	types := make([]string, 0, len(documentedTypes))
	for typ := range documentedTypes {
		types = append(types, typ)
	}
	slices.Sort(types)
	at := time.Date(2020, 7, 1, 10, 0, 0, 0, time.UTC)
	add := func(typ, content string) {
		at = at.Add(time.Minute)
		msgs = append(msgs, fmt.Sprintf(`{"id":"%d","originalarrivaltime":%q,"messagetype":%q,"content":%q,"from":"8:bob","displayName":"Bob"}`,
			at.UnixMilli(), at.Format(time.RFC3339), typ, content))
	}
	for _, typ := range types {
		add(typ, "a "+typ+" message")
	}
	add("Event/Call", `<partlist type="ended" alt=""><part identity="bob"><duration>5</duration></part></partlist>`)
	add("ThreadActivity/DeleteMember", `<deletemember><eventtime>1</eventtime><initiator>8:bob</initiator><target>8:bob</target></deletemember>`)
	add("Custom/Undocumented", "kept under its own name")
	doc := `{"userId":"8:alice","conversations":[{"id":"19:0123@thread.skype","displayName":"Types","MessageList":[` + strings.Join(msgs, ",") + `]}]}`
	path := writeFile(t, "messages.json", []byte(doc))
	rep, s := importFresh(t, path)
	ctx := context.Background()
	wantSkipped := map[string]int{}
	kept := map[string]int{"CALLENDED": 1, "LEFT": 1, "Custom/Undocumented": 1}
	for _, want := range documentedTypes {
		if reason, ok := strings.CutPrefix(want, "skip: "); ok {
			wantSkipped[reason]++
		} else {
			kept[want]++
		}
	}
	if fmt.Sprint(rep.SkippedTypes) != fmt.Sprint(wantSkipped) {
		t.Errorf("skipped %v, want %v", rep.SkippedTypes, wantSkipped)
	}
	chat, err := s.FindChat(ctx, "19:0123@thread.skype")
	if err != nil {
		t.Fatal(err)
	}
	archived, err := s.ChatMessages(ctx, chat.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, m := range archived {
		got[m.Type]++
	}
	if fmt.Sprint(got) != fmt.Sprint(kept) {
		t.Errorf("archived types %v, want %v", got, kept)
	}
}

// TestSkypeType: the type an export writes reads back, with its content,
// as the archive's type.
func TestSkypeType(t *testing.T) {
	ended := `<partlist type="ended" alt=""><part identity="8:bob"><duration>3</duration></part></partlist>`
	left := `<deletemember><initiator>8:carol</initiator><target>8:carol</target></deletemember>`
	for _, c := range []struct{ typ, content, want string }{
		{"SAID", "hi", "RichText"},
		{"FILE", "<URIObject/>", "RichText/UriObject"},
		{"CALLSTARTED", "", "Event/Call"},
		{"CALLENDED", ended, "Event/Call"},
		{"CALLENDED", "", "CALLENDED"}, // a main.db's call without its partlist
		{"LEFT", left, "ThreadActivity/DeleteMember"},
		{"KICKED", "", "ThreadActivity/DeleteMember"},
		{"EMOTED", "waves", "EMOTED"},
		{"SETTOPIC", "Plans", "ThreadActivity/TopicUpdate"},
	} {
		got := SkypeType(c.typ, c.content)
		if got != c.want {
			t.Errorf("SkypeType(%s, %.20q) = %q, want %q", c.typ, c.content, got, c.want)
		}
		if back, skip := ArchiveType(Message{Type: got, Content: c.content}); back != c.typ || skip != "" {
			t.Errorf("%s written as %s reads back as %q (%q)", c.typ, got, back, skip)
		}
	}
	for _, rule := range messageTypes { // every archive type the import makes reads back as itself
		if back, _ := ArchiveType(Message{Type: SkypeType(rule.name, "")}); rule.name != "" && back != rule.name {
			t.Errorf("%s reads back as %s", rule.name, back)
		}
	}
}
