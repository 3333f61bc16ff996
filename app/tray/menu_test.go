package tray

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/store"
)

var (
	bob      = menuChat{Name: "#alice/$bob;0123456789abcdef", Title: "Bob & Carol", Collected: true}
	team     = menuChat{Name: "#alice/$team;fedcba9876543210", Title: "Project X"}
	attached = trayState{URL: "http://127.0.0.1:8006/", Live: true, Skype: collector.State{Skype: "attached as alice", User: "alice"},
		Chats: []menuChat{bob, team}}
)

// labels renders a menu as one line per shown item: the label, [x] or [ ] for
// check marks, (off) for disabled items, --- for separators.
func labels(items []menuItem) []string {
	var out []string
	for _, m := range items {
		switch {
		case m.Hidden:
			continue
		case m.Separator:
			out = append(out, "---")
			continue
		case m.Checkable && m.Checked:
			out = append(out, "[x] "+m.Label)
		case m.Checkable:
			out = append(out, "[ ] "+m.Label)
		default:
			out = append(out, m.Label)
		}
		if m.Disabled {
			out[len(out)-1] += " (off)"
		}
	}
	return out
}

func TestBuildMenu(t *testing.T) {
	commands := []string{"More chats…", "---", "Copy feed URL", "Import Skype export…", "Open data folder"}
	cases := []struct {
		name string
		st   trayState
		want []string
	}{
		{"attached, two chats", attached, slices.Concat(
			[]string{"Attached as alice (off)", "Open web view", "---", "[x] Bob && Carol", "[ ] Project X"}, commands,
			[]string{"[ ] Start with Windows", "---", "Quit"})},
		{"nothing yet", trayState{Live: true, StartWithWindows: true}, slices.Concat(
			[]string{"Starting… (off)", "Open web view", "---", "No chats yet (off)"}, commands,
			[]string{"[x] Start with Windows", "---", "Quit"})},
		{"waiting for authorization", func() trayState {
			st := attached
			st.Skype = collector.State{Skype: "waiting for authorization in Skype"}
			return st
		}(), slices.Concat(
			[]string{"Waiting for authorization in Skype (off)", "Open web view", "---", "[x] Bob && Carol", "[ ] Project X"}, commands,
			[]string{"[ ] Start with Windows", "---", "Quit"})},
		{"syncing a chat it lists, importing", func() trayState {
			st := attached
			st.Skype.Syncing = team.Name
			st.Import = importState{File: "export.tar", Running: true, Done: 421, Total: 1000}
			return st
		}(), slices.Concat(
			[]string{"Syncing Project X… (off)", "Importing export.tar: 42% (off)", "Open web view", "---", "[x] Bob && Carol", "[ ] Project X"},
			commands[:3], []string{"Import Skype export… (off)", "Open data folder"},
			[]string{"[ ] Start with Windows", "---", "Quit"})},
		{"import failed, autostart unreadable, a notice, no live collection", func() trayState {
			st := attached
			st.Notice = "Could not copy the feed URL: clipboard busy"
			st.Live = false
			st.Chats = nil
			st.Import = importState{File: "main.db", Result: "maindb: not a main.db", Failed: true}
			st.AutostartErr = "access denied"
			return st
		}(), slices.Concat(
			[]string{"Serving the archive (no live collection) (off)", "Import of main.db failed: maindb: not a main.db (off)",
				"Start with Windows: access denied (off)", "Could not copy the feed URL: clipboard busy (off)", "Open web view", "---", "No chats yet (off)"}, commands,
			[]string{"[ ] Start with Windows (off)", "---", "Quit"})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := labels(buildMenu(c.st)); !slices.Equal(got, c.want) {
				t.Errorf("menu:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

func TestMenuClicks(t *testing.T) {
	st := attached
	st.StartWithWindows = true
	clicks := map[string]action{}
	for _, m := range buildMenu(st) {
		if !m.Hidden {
			clicks[m.Label] = m.click()
		}
	}
	want := map[string]action{
		"Attached as alice":    {},
		"Open web view":        {Kind: actOpenWeb},
		"Bob && Carol":         {Kind: actCollect, Chat: bob.Name, On: false}, // collected: a click stops it
		"Project X":            {Kind: actCollect, Chat: team.Name, On: true},
		"More chats…":          {Kind: actMoreChats},
		"Copy feed URL":        {Kind: actCopyFeedURL},
		"Import Skype export…": {Kind: actImport},
		"Open data folder":     {Kind: actOpenDataFolder},
		"Start with Windows":   {Kind: actStartWithWindows, On: false},
		"Quit":                 {Kind: actQuit},
		"":                     {}, // separators
	}
	for label, a := range want {
		if got, ok := clicks[label]; !ok || got != a {
			t.Errorf("clicking %q: %+v (listed: %v), want %+v", label, got, ok, a)
		}
	}
	if len(clicks) != len(want) {
		t.Errorf("menu has %d distinct items, want %d: %v", len(clicks), len(want), clicks)
	}
	for _, im := range []importState{{Running: true}, {Choosing: true}} {
		st.Import = im
		for _, m := range buildMenu(st) {
			if m.Label == "Import Skype export…" && m.click() != (action{}) {
				t.Errorf("Import Skype export… clickable in %+v", im)
			}
		}
	}
}

func TestImportTransitions(t *testing.T) {
	started := importState{File: "export.tar", Running: true}
	cases := []struct {
		name string
		from importState
		ev   importEvent
		want importState
	}{
		{"start", importState{}, importEvent{Kind: importStarted, File: `C:\Users\me\Downloads\export.tar`}, started},
		{"start after a failure clears it", importState{File: "x.tar", Result: "bad", Failed: true},
			importEvent{Kind: importStarted, File: "/tmp/export.tar"}, started},
		{"progress", started, importEvent{Kind: importProgress, Done: 50, Total: 200},
			importState{File: "export.tar", Running: true, Done: 50, Total: 200}},
		{"progress after the end is stale", importState{File: "export.tar", Result: "done"},
			importEvent{Kind: importProgress, Done: 50, Total: 200}, importState{File: "export.tar", Result: "done"}},
		{"finished", importState{File: "export.tar", Running: true, Done: 200, Total: 200},
			importEvent{Kind: importFinished, Summary: "3 conversations; 200 messages added"},
			importState{File: "export.tar", Done: 200, Total: 200, Result: "3 conversations; 200 messages added"}},
		{"dialog opens", importState{File: "old.tar", Result: "done"}, importEvent{Kind: importChoosing},
			importState{File: "old.tar", Result: "done", Choosing: true}},
		{"dialog cancelled keeps the last result", importState{File: "old.tar", Result: "done", Choosing: true},
			importEvent{Kind: importCancelled}, importState{File: "old.tar", Result: "done"}},
		{"the dialog failed", importState{File: "old.tar", Result: "done", Choosing: true},
			importEvent{Kind: importCancelled, Err: errors.New("import: the file dialog failed (error 0x3)")},
			importState{Result: "import: the file dialog failed (error 0x3)", Failed: true}},
		{"a file chosen", importState{File: "old.tar", Result: "done", Choosing: true},
			importEvent{Kind: importStarted, File: `D:\export.tar`}, started},
		{"failed", started, importEvent{Kind: importFinished, Err: errors.New("skypeexport: read export.tar:\n unexpected EOF")},
			importState{File: "export.tar", Result: "skypeexport: read export.tar: unexpected EOF", Failed: true}},
	}
	for _, c := range cases {
		if got := c.from.apply(c.ev); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// Every state gives a menu of one shape, so the tray changes items in
// place and never rebuilds a menu the user may have open; only the slots
// that differ change.
func TestMenuShape(t *testing.T) {
	many := make([]menuChat, 2*recentChats)
	for i := range many {
		many[i] = menuChat{Name: fmt.Sprint("#", i), Title: fmt.Sprint("chat ", i), Collected: i%2 == 0, Unread: i}
	}
	with := func(f func(*trayState)) trayState {
		st := attached
		f(&st)
		return st
	}
	states := map[string]trayState{
		"attached":    attached,
		"nothing yet": {Live: true},
		"many chats":  with(func(st *trayState) { st.Chats = many[:recentChats] }),
		"every status": with(func(st *trayState) {
			st.Import = importState{File: "a.tar", Running: true}
			st.AutostartErr = "denied"
			st.Notice = "oops"
		}),
		"one chat":      with(func(st *trayState) { st.Chats = st.Chats[:1] }),
		"syncing":       with(func(st *trayState) { st.Skype.Syncing = team.Name }),
		"not live, new": with(func(st *trayState) { st.Live = false; st.New = st.Chats }),
	}
	shape := func(menu []menuItem) []string {
		var out []string
		for _, m := range menu {
			out = append(out, fmt.Sprint(m.Separator, m.Checkable))
		}
		return out
	}
	want := shape(buildMenu(attached))
	for name, st := range states {
		if got := shape(buildMenu(st)); !slices.Equal(got, want) {
			t.Errorf("%s: menu shape %v, want %v", name, got, want)
		}
	}

	base := buildMenu(attached)
	picked := buildMenu(attached.withCollected(team.Name, true))
	if got := menuChanges(base, picked); !slices.Equal(got, []int{statusSlots + 4}) {
		t.Errorf("picking the second chat changes slots %v, want [%d]", got, statusSlots+4)
	}
	if got := menuChanges(base, buildMenu(attached)); got != nil {
		t.Errorf("the same state changes slots %v", got)
	}
	if got := menuChanges(base, buildMenu(states["every status"])); !slices.Equal(got, []int{1, 2, 3, statusSlots + 16, statusSlots + 18}) { // three status lines, Import, Start with Windows
		t.Errorf("the import, Start with Windows failing and a notice change slots %v", got)
	}
	for i, m := range buildMenu(states["nothing yet"]) {
		if m.Hidden && m.click() != (action{}) {
			t.Errorf("hidden slot %d clicks to %+v", i, m.click())
		}
	}
}

func TestImportLine(t *testing.T) {
	cases := []struct {
		im   importState
		want string
	}{
		{importState{}, ""},
		{importState{File: "a.tar", Running: true}, "Importing a.tar…"},
		{importState{File: "a.tar", Running: true, Done: 1234}, "Importing a.tar: 1234 so far"},
		{importState{File: "a.tar", Running: true, Done: 1, Total: 3}, "Importing a.tar: 33%"},
		{importState{File: "a.tar", Running: true, Done: 5, Total: 3}, "Importing a.tar: 100%"},
		{importState{File: "a.tar", Result: "10 messages added"}, "Imported a.tar: 10 messages added"},
		{importState{File: "a.tar", Result: "no such file", Failed: true}, "Import of a.tar failed: no such file"},
		{importState{Result: "the file dialog failed", Failed: true}, "Import failed: the file dialog failed"},
	}
	for _, c := range cases {
		if got := importLine(c.im); got != c.want {
			t.Errorf("%+v: %q, want %q", c.im, got, c.want)
		}
	}
}

func TestTooltip(t *testing.T) {
	st := attached
	st.Import = importState{File: "export.tar", Running: true, Done: 3, Total: 4}
	if got, want := tooltip(st), "Chat Channels\nAttached as alice\nImporting export.tar: 75%"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	st.Import = importState{File: strings.Repeat("€", 200) + ".tar", Result: "done"}
	got := tooltip(st)
	if n := len(utf16.Encode([]rune(got))); n > tooltipUnits || !strings.HasSuffix(got, "…") ||
		!strings.HasPrefix(got, "Chat Channels\nAttached as alice\nImported €€") {
		t.Errorf("long tooltip (%d UTF-16 units): %q", n, got)
	}
}

func TestMenuLabel(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Project X", "Project X"},
		{"Tom & Jerry", "Tom && Jerry"},
		{"two\nlines\tand\ttabs  ", "two lines and tabs"},
		{strings.Repeat("ab", 40), strings.Repeat("ab", 29) + "a…"},
		{strings.Repeat("😀", 70), strings.Repeat("😀", 59) + "…"},
	}
	for _, c := range cases {
		if got := menuLabel(c.in); got != c.want {
			t.Errorf("menuLabel(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFitUTF16(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven chars", 10, "eleven ch…"},
		{"ab😀cd", 4, "ab…"}, // the emoji takes two units and does not fit with the ellipsis
		{"ab😀cd", 5, "ab😀…"},
	}
	for _, c := range cases {
		if got := fitUTF16(c.in, c.n); got != c.want {
			t.Errorf("fitUTF16(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}

func TestMenuChats(t *testing.T) {
	day := time.Date(2013, 7, 30, 12, 0, 0, 0, time.UTC)
	var chats []store.Chat
	for i := range 15 {
		chats = append(chats, store.Chat{Name: fmt.Sprintf("#c%02d", i), Topic: fmt.Sprintf("chat %d", i),
			Collected: i%2 == 0, LastMessageAt: day.Add(time.Duration(i) * time.Hour)})
	}
	chats = append(chats, store.Chat{Name: "#empty", Members: []string{"alice", "bob"}}) // no messages: last
	got := menuChats(chats)
	if len(got) != recentChats {
		t.Fatalf("%d chats listed, want %d", len(got), recentChats)
	}
	for i, c := range got {
		n := 14 - i
		want := menuChat{Name: fmt.Sprintf("#c%02d", n), Title: fmt.Sprintf("chat %d", n), Collected: n%2 == 0,
			Last: day.Add(time.Duration(n) * time.Hour)}
		if c != want {
			t.Errorf("chat %d: %+v, want %+v", i, c, want)
		}
	}
	if got := menuChats(chats[15:]); len(got) != 1 || got[0].Title != "alice, bob" {
		t.Errorf("a chat without topic: %+v", got)
	}
}

func TestWithCollected(t *testing.T) {
	st := attached
	after := st.withCollected(team.Name, true)
	if !after.Chats[1].Collected || !after.Chats[0].Collected {
		t.Errorf("after picking %s: %+v", team.Name, after.Chats)
	}
	if st.Chats[1].Collected {
		t.Error("withCollected changed the state it was given")
	}
	if after := st.withCollected(bob.Name, false); after.Chats[0].Collected || after.Chats[1].Collected {
		t.Errorf("after dropping %s: %+v", bob.Name, after.Chats)
	}
}

func TestURLs(t *testing.T) {
	if got := feedURL(attached); got != "http://127.0.0.1:8006/feed.atom" {
		t.Errorf("feed URL %q", got)
	}
	if got := pickerURL(attached); got != "http://127.0.0.1:8006/chats/" {
		t.Errorf("picker URL %q", got)
	}
}

// The menu and the tooltip say which picked chats have new messages, and
// how many; a long title is cut, never the count.
func TestMenuAndTooltipShowNewMessages(t *testing.T) {
	long := strings.Repeat("a long chat title ", 5)
	st := attached
	st.Chats = []menuChat{
		{Name: "#1", Title: "Bob & Carol", Collected: true, Unread: 3},
		{Name: "#2", Title: "Project X", Collected: true, Unread: 1000},
		{Name: "#3", Title: "Not picked", Unread: 7},
		{Name: "#4", Title: long, Collected: true, Unread: 12},
		{Name: "#5", Title: "Read", Collected: true},
	}
	st.New = st.Chats[:2]
	got := labels(buildMenu(st))[3:8]
	cut := string([]rune(strings.TrimSpace(long))[:labelRunes-len(" (12 new)")-1]) + "…"
	want := []string{"[x] Bob && Carol (3 new)", "[x] Project X (99+ new)", "[ ] Not picked", "[x] " + cut + " (12 new)", "[x] Read"}
	if !slices.Equal(got, want) {
		t.Errorf("chats in the menu:\n%q\nwant\n%q", got, want)
	}
	if got, want := tooltip(st), "Chat Channels\nAttached as alice\nNew in Bob & Carol (3), Project X (99+)"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	st.New = nil
	if got := tooltip(st); strings.Contains(got, "New") {
		t.Errorf("tooltip with nothing new: %q", got)
	}
}

func TestNewChats(t *testing.T) {
	day := time.Date(2013, 7, 30, 12, 0, 0, 0, time.UTC)
	chats := []store.Chat{
		{Name: "#old", Topic: "Old", Collected: true, Unread: 2, LastMessageAt: day},
		{Name: "#unpicked", Topic: "Unpicked", Unread: 5, LastMessageAt: day.Add(time.Hour)},
		{Name: "#recent", Topic: "Recent", Collected: true, Unread: 1, LastMessageAt: day.Add(2 * time.Hour)},
		{Name: "#read", Topic: "Read", Collected: true, LastMessageAt: day.Add(3 * time.Hour)},
	}
	var got []string
	for _, c := range newChats(chats) {
		got = append(got, fmt.Sprintf("%s %d", c.Title, c.Unread))
	}
	if want := []string{"Recent 1", "Old 2"}; !slices.Equal(got, want) {
		t.Errorf("new chats %q, want %q", got, want)
	}
}
