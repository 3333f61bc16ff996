package maindb_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// The conversations of four people, alice, bob, carol and live:dave, as
// each one's Skype 7 main.db and Skype export hold them. Every file names
// the conversations its own way: a dialog by the partner alone (relative
// to the file's owner), a migrated group by its legacy name in one file
// and its cloud name in another. The archive must hold each conversation
// once, with each message once, and nothing of one in another.

// said is one message of the history: who said what, when (ms).
type said struct {
	author string
	at     int64
	body   string
}

// truthConv is one conversation as it happened.
type truthConv struct {
	name   string // the archive's name to look it up by
	people []string
	msgs   []said
}

var t0 = time.Date(2015, 3, 1, 10, 0, 0, 0, time.UTC).UnixMilli()

// talk makes a history: each line "author: body", a minute apart, from start.
func talk(start int64, lines ...string) []said {
	out := make([]said, len(lines))
	for i, l := range lines {
		author, body, _ := strings.Cut(l, ": ")
		out[i] = said{author, start + int64(i)*60_000 + int64(i*137%1000), body}
	}
	return out
}

const (
	groupLegacy = "#alice/$*T;189"
	groupCloud  = "19:4f1c2b3a9d8e7f60a1b2c3d4e5f60718@thread.skype"
	p2pLegacy   = "#carol/$b0b0c0c0d0d0e0e0"
)

// The history. The migrated group's first half was said before it moved
// to the cloud.
var (
	dialogAB = truthConv{"dialog:alice+bob", []string{"alice", "bob"}, talk(t0,
		"bob: hi alice", "alice: hi bob", "bob: ok", "bob: ok", "alice: lunch?", "bob: sure")}
	dialogBC = truthConv{"dialog:bob+carol", []string{"bob", "carol"}, talk(t0+10*60_000,
		"carol: bob, the keys?", "bob: on the table", "carol: thanks", "bob: ok")}
	dialogAC = truthConv{"dialog:alice+carol", []string{"alice", "carol"}, talk(t0+20*60_000,
		"alice: carol!", "carol: alice!", "alice: ok")}
	dialogBD = truthConv{"dialog:bob+live:dave", []string{"bob", "live:dave"}, talk(t0+30*60_000,
		"live:dave: bob, it's dave", "bob: hi dave", "live:dave: ok")}
	group = truthConv{groupCloud, []string{"alice", "bob", "carol", "live:dave"}, talk(t0+40*60_000,
		"alice: welcome to the group", "bob: thanks", "carol: hello all", "live:dave: hey",
		"alice: we moved to the cloud", "bob: ok", "carol: fine by me", "live:dave: ok")}
	groupMoved = group.msgs[4].at // from here on the group is a cloud thread
	p2pGroup   = truthConv{p2pLegacy, []string{"alice", "carol", "live:dave"}, talk(t0+60*60_000,
		"carol: a p2p group", "live:dave: joined", "alice: me too")}
	history = []truthConv{dialogAB, dialogBC, dialogAC, dialogBD, group, p2pGroup}
)

// skew is how far each device's clock is off (ms); exports carry the
// server's time.
var skew = map[string]int64{"alice": 1200, "bob": -800, "carol": 400}

// view is what a device of owner recorded of msgs.
func view(owner string, msgs []said, keep func(said) bool) []skype7Msg {
	var out []skype7Msg
	for _, m := range msgs {
		if keep == nil || keep(m) {
			out = append(out, skype7Msg{author: m.author, dispname: strings.ToUpper(m.author[:1]) + m.author[1:], body: m.body, ms: m.at + skew[owner]})
		}
	}
	return out
}

func before(m said) bool { return m.at < groupMoved }
func after(m said) bool  { return m.at >= groupMoved }

// mainDBs are the Skype 7 files of alice, bob and carol.
func mainDBs() []skype7File {
	alice := skype7File{account: "alice", convs: []skype7Conv{
		{identity: "bob", dialog: true, chats: []string{"#alice/$bob;a1b2c3d4e5f60718"}, people: []string{"alice", "bob"}, msgs: view("alice", dialogAB.msgs, nil)},
		{identity: "carol", dialog: true, chats: []string{"#alice/$carol;77aa88bb99cc00dd", "#carol/$alice;3e3e4f4f5a5a6b6b"}, people: []string{"alice", "carol"}, msgs: view("alice", dialogAC.msgs, nil)},
		// The group before it moved: no Chats row points at it any more.
		{identity: groupLegacy, altIdentity: groupCloud, topic: "The group", people: []string{"alice", "bob", "carol", "live:dave"}, msgs: view("alice", group.msgs, before)},
		{identity: groupCloud, topic: "The group", chats: []string{groupCloud}, people: []string{"alice", "bob", "carol", "live:dave"}, msgs: view("alice", group.msgs, after)},
		{identity: p2pLegacy, topic: "P2P", chats: []string{p2pLegacy}, people: []string{"alice", "carol", "live:dave"}, msgs: view("alice", p2pGroup.msgs, nil)},
	}}
	bobAB := view("bob", dialogAB.msgs, nil)
	for i := range bobAB {
		bobAB[i].noChatname = i%2 == 0 // tied to the conversation by convo_id alone
	}
	bobBC := view("bob", dialogBC.msgs, nil)
	for i := range bobBC {
		bobBC[i].noChatname = true
	}
	bob := skype7File{account: "bob", convs: []skype7Conv{
		{identity: "alice", dialog: true, chats: []string{"#bob/$alice;0f1e2d3c4b5a6978"}, people: []string{"bob", "alice"}, msgs: bobAB},
		{identity: "carol", dialog: true, people: []string{"bob", "carol"}, msgs: bobBC}, // no Chats row at all
		{identity: groupCloud, topic: "The group", chats: []string{groupCloud}, people: []string{"alice", "bob", "carol", "live:dave"}, msgs: view("bob", group.msgs, nil)},
	}}
	carol := skype7File{account: "carol", convs: []skype7Conv{
		{identity: "bob", dialog: true, chats: []string{"#carol/$bob;1234abcd5678ef90"}, people: []string{"carol", "bob"}, msgs: view("carol", dialogBC.msgs, nil)},
		{identity: "alice", dialog: true, chats: []string{"#alice/$carol;77aa88bb99cc00dd"}, people: []string{"carol", "alice"}, msgs: view("carol", dialogAC.msgs, nil)},
		{identity: groupLegacy, topic: "The group", chats: []string{groupLegacy}, people: []string{"alice", "bob", "carol"}, msgs: view("carol", group.msgs, before)},
		{identity: p2pLegacy, topic: "P2P", chats: []string{p2pLegacy}, people: []string{"alice", "carol", "live:dave"}, msgs: view("carol", p2pGroup.msgs, nil)},
	}}
	return []skype7File{alice, bob, carol}
}

// exportConv is a conversation of an export: its id and what it holds.
type exportConv struct {
	id, topic string
	members   []string
	msgs      []said
}

// exports are the Skype exports of bob and live:dave.
func exports() map[string][]exportConv {
	p2pID := "19:" + base64.StdEncoding.EncodeToString([]byte(p2pLegacy)) + "@p2p.thread.skype"
	return map[string][]exportConv{
		"bob": {
			{id: "8:alice", msgs: dialogAB.msgs},
			{id: "8:carol", msgs: dialogBC.msgs},
			{id: "8:live:dave", msgs: dialogBD.msgs},
			{id: groupCloud, topic: "The group", members: group.people, msgs: group.msgs},
		},
		"live:dave": {
			{id: "8:bob", msgs: dialogBD.msgs},
			{id: groupCloud, topic: "The group", members: group.people, msgs: group.msgs},
			{id: p2pID, topic: "P2P", members: p2pGroup.people, msgs: p2pGroup.msgs},
		},
	}
}

// The export's objects, their keys in the order Skype writes them.
type (
	exportDoc struct {
		UserID        string         `json:"userId"`
		ExportDate    string         `json:"exportDate"`
		Conversations []exportObject `json:"conversations"`
	}
	exportObject struct {
		ID               string          `json:"id"`
		DisplayName      *string         `json:"displayName"`
		Version          float64         `json:"version"`
		Properties       map[string]any  `json:"properties"`
		ThreadProperties map[string]any  `json:"threadProperties"`
		MessageList      []exportMessage `json:"MessageList"`
	}
	exportMessage struct {
		ID                  string  `json:"id"`
		DisplayName         *string `json:"displayName"`
		OriginalArrivalTime string  `json:"originalarrivaltime"`
		MessageType         string  `json:"messagetype"`
		Version             int64   `json:"version"`
		Content             string  `json:"content"`
		ConversationID      string  `json:"conversationid"`
		From                string  `json:"from"`
		Properties          any     `json:"properties"`
		AMSReferences       any     `json:"amsreferences"`
	}
)

// writeExport writes owner's messages.json as Skype did: messages newest
// first, times in UTC with milliseconds, own messages without a display name.
func writeExport(t testing.TB, dir, owner string, convs []exportConv) string {
	t.Helper()
	doc := exportDoc{UserID: "8:" + owner, ExportDate: "2025-04-30T12:00"}
	for _, c := range convs {
		o := exportObject{ID: c.id, Version: 1425204000000.0, Properties: map[string]any{"conversationblocked": false}}
		for i := len(c.msgs) - 1; i >= 0; i-- {
			m := c.msgs[i]
			var display *string
			if m.author != owner {
				name := strings.ToUpper(m.author[:1]) + m.author[1:]
				display = &name
			}
			o.MessageList = append(o.MessageList, exportMessage{ID: strconv.FormatInt(m.at, 10), DisplayName: display,
				OriginalArrivalTime: time.UnixMilli(m.at).UTC().Format("2006-01-02T15:04:05.000Z"),
				MessageType:         "RichText", Version: m.at, Content: m.body, ConversationID: c.id, From: "8:" + m.author})
		}
		if len(c.members) > 0 {
			mris := make([]string, len(c.members))
			for i, p := range c.members {
				mris[i] = "8:" + p
			}
			b, _ := json.Marshal(mris)
			o.ThreadProperties = map[string]any{"membercount": len(mris), "topic": c.topic, "members": string(b)}
		}
		if c.topic != "" {
			o.DisplayName = &c.topic
		}
		doc.Conversations = append(doc.Conversations, o)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "8_"+strings.ReplaceAll(owner, ":", "_")+"_export", "messages.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// worldFiles writes every file of the world and returns their paths.
func worldFiles(t testing.TB) []string {
	dir := t.TempDir()
	var paths []string
	for _, f := range mainDBs() {
		paths = append(paths, f.write(t, dir))
	}
	for owner, convs := range exports() {
		paths = append(paths, writeExport(t, dir, owner, convs))
	}
	slices.Sort(paths)
	return paths
}

// importAny imports a main.db or an export, as the command line does.
func importAny(ctx context.Context, s *store.Store, path string) (read int, res store.IngestResult, skipped int, err error) {
	if strings.HasSuffix(path, ".db") {
		rep, err := maindb.Import(ctx, s, path, nil)
		return rep.Read, rep.IngestResult, sum(rep.SkippedReasons()), err
	}
	rep, err := skypeexport.Import(ctx, s, path, nil)
	return rep.Read, rep.IngestResult, sum(rep.SkippedReasons()), err
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// TestAccountsViewsOfTheSameConversations imports the main.db files of
// three accounts and the exports of two, in several orders, and checks that
// the archive holds exactly the conversations that happened.
func TestAccountsViewsOfTheSameConversations(t *testing.T) {
	paths := worldFiles(t)
	reversed := slices.Clone(paths)
	slices.Reverse(reversed)
	orders := map[string][]string{"as listed": paths, "reversed": reversed}
	orders["exports first"] = append(slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return strings.HasSuffix(p, ".db") }),
		slices.DeleteFunc(slices.Clone(paths), func(p string) bool { return !strings.HasSuffix(p, ".db") })...)
	for name, order := range orders {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t)
			for round := range 2 {
				for _, path := range order {
					read, res, skipped, err := importAny(ctx, s, path)
					if err != nil {
						t.Fatalf("import %s: %v", path, err)
					}
					if got := res.Added + res.Merged + res.Updated + res.Unchanged + skipped; got != read {
						t.Errorf("%s: read %d messages, accounted for %d (%+v, %d skipped)", path, read, got, res, skipped)
					}
					if round == 1 && res.Added+res.Merged+res.Updated != 0 {
						t.Errorf("%s again changed the archive: %+v", path, res)
					}
				}
				checkHistory(t, s)
			}
		})
	}
}

// checkHistory checks that the archive holds the history: its chats, and
// in each exactly the messages said there, once each.
func checkHistory(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range chats {
		names = append(names, c.Name)
	}
	if len(chats) != len(history) {
		t.Errorf("the archive holds %d chats %q, want %d", len(chats), names, len(history))
	}
	seen := map[int64]string{}
	for _, want := range history {
		c, err := s.FindChat(ctx, want.name)
		if err != nil {
			t.Errorf("%s: %v", want.name, err)
			continue
		}
		if other, ok := seen[c.ID]; ok {
			t.Errorf("%s and %s are one chat, %s", want.name, other, c.Name)
		}
		seen[c.ID] = want.name
		msgs, err := s.ChatMessages(ctx, c.ID, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var got, wantLines []string
		for _, m := range msgs {
			got = append(got, m.Author+": "+m.Text)
		}
		for _, m := range want.msgs {
			wantLines = append(wantLines, m.author+": "+m.body)
		}
		if !slices.Equal(got, wantLines) {
			t.Errorf("%s (archived as %s) holds\n%s\nwant\n%s", want.name, c.Name, strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
		}
	}
}

// A main.db's dialog "bob" and an export's "8:bob" are the dialog with bob
// of the file's owner: carol's and dave's dialogs with bob are not alice's.
func TestDialogsOfDifferentOwnersStayApart(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	dbs := mainDBs()
	for _, path := range []string{dbs[0].write(t, dir), dbs[2].write(t, dir), writeExport(t, dir, "live:dave", exports()["live:dave"][:1])} {
		if _, _, _, err := importAny(ctx, s, path); err != nil {
			t.Fatal(err)
		}
	}
	texts := func(name string) []string {
		c, err := s.FindChat(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		msgs, _ := s.ChatMessages(ctx, c.ID, 0, 100)
		var out []string
		for _, m := range msgs {
			out = append(out, m.Author+": "+m.Text)
		}
		return out
	}
	for _, c := range []truthConv{dialogAB, dialogBC, dialogBD} {
		var want []string
		for _, m := range c.msgs {
			want = append(want, m.author+": "+m.body)
		}
		// Found by the legacy name only its owner's file gives it.
		legacy := map[string]string{dialogAB.name: "#alice/$bob;a1b2c3d4e5f60718", dialogBC.name: "#carol/$bob;1234abcd5678ef90", dialogBD.name: dialogBD.name}[c.name]
		if got := texts(legacy); !slices.Equal(got, want) {
			t.Errorf("%s holds %q, want %q", c.name, got, want)
		}
	}
}

// bob's "alice" and alice's "bob" are one chat, though their files share no
// name for it.
func TestADialogIsThePairOfItsPeople(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	dbs := mainDBs()
	for _, f := range dbs[:2] {
		if _, err := maindb.Import(ctx, s, f.write(t, dir), nil); err != nil {
			t.Fatal(err)
		}
	}
	a, errA := s.FindChat(ctx, "#alice/$bob;a1b2c3d4e5f60718")
	b, errB := s.FindChat(ctx, "#bob/$alice;0f1e2d3c4b5a6978")
	if errA != nil || errB != nil || a.ID != b.ID {
		t.Fatalf("alice's and bob's names of their dialog are chats %d (%v) and %d (%v), want one", a.ID, errA, b.ID, errB)
	}
	if a.MessageCount != len(dialogAB.msgs) {
		t.Errorf("the dialog holds %d messages, want %d", a.MessageCount, len(dialogAB.msgs))
	}
}

// A group moved to the cloud keeps in alice's file a Conversations row with
// no Chats row, linking its legacy name to its cloud name: carol's file
// knows it by the first, bob's by the second, and it is one chat.
func TestAMigratedGroupWithoutChatsRowsIsOneChat(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	for _, f := range mainDBs() {
		if _, err := maindb.Import(ctx, s, f.write(t, dir), nil); err != nil {
			t.Fatal(err)
		}
	}
	legacy, errL := s.FindChat(ctx, groupLegacy)
	cloud, errC := s.FindChat(ctx, groupCloud)
	if errL != nil || errC != nil || legacy.ID != cloud.ID {
		t.Fatalf("the group is chats %d (%v) and %d (%v), want one", legacy.ID, errL, cloud.ID, errC)
	}
	if cloud.MessageCount != len(group.msgs) || cloud.Topic != "The group" {
		t.Errorf("the group holds %d messages, topic %q; want %d, %q", cloud.MessageCount, cloud.Topic, len(group.msgs), "The group")
	}
}

// A main.db whose messages name no chat (chatname NULL) ties them to their
// conversation by convo_id.
func TestMessagesWithoutAChatName(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	f := skype7File{account: "bob", convs: []skype7Conv{
		{identity: "carol", dialog: true, people: []string{"bob", "carol"}, msgs: view("bob", dialogBC.msgs, nil)},
		{identity: groupCloud, topic: "The group", chats: []string{groupCloud}, msgs: view("bob", group.msgs, nil)},
	}}
	for c := range f.convs {
		for i := range f.convs[c].msgs {
			f.convs[c].msgs[i].noChatname = true
		}
	}
	rep, err := maindb.Import(ctx, s, f.write(t, t.TempDir()), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := len(dialogBC.msgs) + len(group.msgs)
	if rep.Added != want {
		t.Errorf("%d messages added, want %d (report %+v)", rep.Added, want, rep)
	}
	for _, c := range []truthConv{dialogBC, group} {
		chat, err := s.FindChat(ctx, c.name)
		if err != nil || chat.MessageCount != len(c.msgs) {
			t.Errorf("%s: %+v (%v), want %d messages", c.name, chat, err, len(c.msgs))
		}
	}
}

// Every message read is accounted for, by every importer, on the real
// main.db, on Skype 7 files and on exports, the first time and again: some
// messages of a hand-made main.db name no conversation or no author.
func TestEveryMessageReadIsAccountedFor(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	odd := skype7File{account: "erin", convs: []skype7Conv{{identity: "frank", dialog: true, msgs: []skype7Msg{
		{author: "erin", body: "fine", ms: t0},
		{author: "", body: "no author", ms: t0 + 1000},
		{author: "frank", body: "no conversation", ms: t0 + 2000, noChatname: true, noConvo: true},
		{author: "frank", body: "by chatname alone", ms: t0 + 3000, noConvo: true, chatname: "frank"},
		{author: "gina", body: "a contact request, named by the partner alone", ms: t0 + 4000, typ: 50, noConvo: true, chatname: "gina"},
	}}}}
	noAccount := skype7File{convs: []skype7Conv{{identity: "frank", dialog: true, chats: []string{"#frank/$gina;0a0b0c0d0e0f1011"}, msgs: view("", []said{{"gina", t0, "who owns me?"}}, nil)}}}
	paths := append([]string{fixture, odd.write(t, dir), noAccount.write(t, dir)}, worldFiles(t)...)
	s := openStore(t)
	for round := range 2 {
		for _, path := range paths {
			read, res, skipped, err := importAny(ctx, s, path)
			if err != nil {
				t.Fatalf("import %s: %v", path, err)
			}
			if read == 0 {
				t.Errorf("%s: no message read", path)
			}
			if got := res.Added + res.Merged + res.Updated + res.Unchanged + skipped; got != read {
				t.Errorf("round %d, %s: read %d messages, accounted for %d (%+v, %d skipped)", round, path, read, got, res, skipped)
			}
		}
	}
	rep, err := maindb.Import(ctx, s, paths[1], nil)
	if err != nil || rep.Owner != "erin" || rep.SkippedNoAuthor != 1 || rep.SkippedNoChat != 1 || rep.Unchanged != 3 {
		t.Errorf("the odd file: %+v (%v), want owner erin, one skipped without an author, one without a conversation, 3 already archived", rep, err)
	}
	if c, err := s.FindChat(ctx, "dialog:erin+gina"); err != nil || c.MessageCount != 1 {
		t.Errorf("erin's dialog with gina, known by a chat name alone: %+v (%v)", c, err)
	}
	if c, err := s.FindChat(ctx, "dialog:erin+frank"); err != nil || c.MessageCount != 2 {
		t.Errorf("erin's dialog with frank: %+v (%v), want 2 messages", c, err)
	}
	// Without an account, the legacy name tells the dialog's two people.
	if c, err := s.FindChat(ctx, "dialog:frank+gina"); err != nil || c.MessageCount != 1 {
		t.Errorf("the owner-less dialog: %+v (%v), want it named by its legacy name's pair", c, err)
	}
}

// The summary's figures: the owner, and what merged with which source.
func TestReportSaysOwnerAndMergedWith(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	dir := t.TempDir()
	alice := mainDBs()[0].write(t, dir)
	bob := writeExport(t, dir, "bob", exports()["bob"])
	if _, err := maindb.Import(ctx, s, alice, nil); err != nil {
		t.Fatal(err)
	}
	rep, err := skypeexport.Import(ctx, s, bob, nil)
	if err != nil {
		t.Fatal(err)
	}
	// bob's export shares with alice's file their dialog and the group's
	// second half (alice's view of its first half is the legacy conversation,
	// the same chat).
	want := len(dialogAB.msgs) + len(group.msgs)
	if rep.Owner != "bob" || rep.Merged != want || fmt.Sprint(rep.MergedWith) != fmt.Sprint(map[string]int{"maindb:alice": want}) {
		t.Errorf("bob's export: owner %q, %d merged, merged with %v; want bob, %d, all with maindb:alice", rep.Owner, rep.Merged, rep.MergedWith, want)
	}
	again, err := skypeexport.Import(ctx, s, bob, nil)
	if err != nil || len(again.MergedWith) != 0 {
		t.Errorf("again: merged with %v (%v), want nothing", again.MergedWith, err)
	}
}
