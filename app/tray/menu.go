package tray

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/store"
)

// The tray menu is data: buildMenu makes it from a trayState, always in
// one shape, and the tray changes the items that differ from what it
// shows. Everything here is pure, so it is tested without a tray.

const (
	recentChats  = 10  // chats listed in the menu; the rest are on the picker page
	statusSlots  = 4   // status lines: Skype, the import, Start with Windows, a notice
	labelRunes   = 60  // longest menu label before it is cut
	tooltipUnits = 127 // a tray tooltip holds 128 UTF-16 units with the terminating zero
)

// trayState is everything the tray shows.
type trayState struct {
	URL              string          // the web view, ending in "/"
	Live             bool            // collecting from Skype (else serving the archive only)
	Skype            collector.State // what the collector is doing
	Chats            []menuChat      // the most recently active, newest first
	New              []menuChat      // the picked chats with new messages, most recently active first
	Import           importState
	StartWithWindows bool
	AutostartErr     string // why the Start with Windows setting cannot be read, if it cannot
	Notice           string // why the last thing asked from the menu failed, if it did
}

// menuChat is a chat as the menu lists it.
type menuChat struct {
	Name      string // the chat's archive name, which the store finds it by
	Title     string
	Collected bool
	Last      time.Time
	Unread    int // messages after the read position (store.Chat.Unread); counted for picked chats only
}

// importState is the import the tray runs, or the last one it ran.
type importState struct {
	File        string // base name of the file; "" before the first import
	Choosing    bool   // the file dialog is open
	Running     bool
	Done, Total int64  // progress as the importer reports it; Total 0 when unknown
	Result      string // what the finished import did, or why it failed
	Failed      bool
}

// importEvent is news from an import running in the background.
type importEvent struct {
	Kind        importEventKind
	File        string // importStarted: the file's path
	Done, Total int64  // importProgress
	Summary     string // importFinished: what the import did
	Err         error  // importFinished, importCancelled: why it failed
}

type importEventKind int

const (
	importChoosing  importEventKind = iota // the file dialog opened
	importCancelled                        // it closed without a file, or failed (Err)
	importStarted
	importProgress
	importFinished
)

// menuItem is one line of the tray menu.
type menuItem struct {
	Label     string
	Hidden    bool // a spare slot, not shown
	Separator bool
	Disabled  bool
	Checkable bool
	Checked   bool
	Action    action // what clicking it does
}

// action is what the user asked for by clicking a menu item.
type action struct {
	Kind actionKind
	Chat string // actCollect: the chat's name
	On   bool   // actCollect, actStartWithWindows: the new setting
}

type actionKind int

const (
	actNone actionKind = iota
	actOpenWeb
	actCollect
	actMoreChats
	actCopyFeedURL
	actImport
	actOpenDataFolder
	actStartWithWindows
	actQuit
)

// click is what clicking the item does; nothing for status lines and separators.
func (m menuItem) click() action {
	if m.Disabled || m.Separator || m.Hidden {
		return action{}
	}
	return m.Action
}

// buildMenu makes the tray menu for a state: status, the web view, the
// recent chats with check marks, then the app's own commands. Its shape
// never changes: every state gives the same slots, some hidden (spare
// status lines, spare chat lines), so that the tray updates its items in
// place and never tears down a menu the user may have open.
func buildMenu(st trayState) []menuItem {
	var items []menuItem
	lines := statusLines(st)
	for i := range statusSlots {
		if i < len(lines) {
			items = append(items, menuItem{Label: menuLabel(lines[i]), Disabled: true})
		} else {
			items = append(items, menuItem{Disabled: true, Hidden: true})
		}
	}
	items = append(items,
		menuItem{Label: "Open web view", Action: action{Kind: actOpenWeb}},
		menuItem{Separator: true},
		menuItem{Label: "No chats yet", Disabled: true, Hidden: len(st.Chats) > 0})
	for i := range recentChats {
		if i >= len(st.Chats) {
			items = append(items, menuItem{Checkable: true, Hidden: true})
			continue
		}
		c := st.Chats[i]
		items = append(items, menuItem{Label: chatLabel(c), Checkable: true, Checked: c.Collected,
			Action: action{Kind: actCollect, Chat: c.Name, On: !c.Collected}})
	}
	autostart := menuItem{Label: "Start with Windows", Checkable: true, Checked: st.StartWithWindows,
		Action: action{Kind: actStartWithWindows, On: !st.StartWithWindows}}
	if st.AutostartErr != "" {
		autostart.Disabled = true
	}
	return append(items,
		menuItem{Label: "More chats…", Action: action{Kind: actMoreChats}},
		menuItem{Separator: true},
		menuItem{Label: "Copy feed URL", Action: action{Kind: actCopyFeedURL}},
		menuItem{Label: "Import Skype export…", Disabled: st.Import.Running || st.Import.Choosing, Action: action{Kind: actImport}},
		menuItem{Label: "Open data folder", Action: action{Kind: actOpenDataFolder}},
		autostart,
		menuItem{Separator: true},
		menuItem{Label: "Quit", Action: action{Kind: actQuit}},
	)
}

// chatLabel is a chat's line in the menu: its title, and for a picked
// chat with new messages how many, which a long title never cuts off.
func chatLabel(c menuChat) string {
	if !c.Collected || c.Unread <= 0 {
		return menuLabel(c.Title)
	}
	count := " (" + unreadCount(c.Unread) + " new)"
	title := strings.Join(strings.FieldsFunc(c.Title, unicode.IsSpace), " ")
	if n := labelRunes - utf8.RuneCountInString(count); utf8.RuneCountInString(title) > n {
		title = string([]rune(title)[:n-1]) + "…"
	}
	return strings.ReplaceAll(title+count, "&", "&&")
}

// unreadCount says how many messages are new: beyond what the store
// counts, "99+".
func unreadCount(n int) string {
	if n > store.MaxUnread {
		return strconv.Itoa(store.MaxUnread) + "+"
	}
	return strconv.Itoa(n)
}

// newLine says which picked chats have new messages, and how many; ""
// when none has.
func newLine(chats []menuChat) string {
	var parts []string
	for _, c := range chats {
		parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(strings.FieldsFunc(c.Title, unicode.IsSpace), " "), unreadCount(c.Unread)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "New in " + strings.Join(parts, ", ")
}

// statusLines say what the app is doing: Skype first, then the import
// running or last finished, if any.
func statusLines(st trayState) []string {
	lines := []string{skypeLine(st)}
	if l := importLine(st.Import); l != "" {
		lines = append(lines, l)
	}
	if st.AutostartErr != "" {
		lines = append(lines, "Start with Windows: "+st.AutostartErr)
	}
	if st.Notice != "" {
		lines = append(lines, st.Notice)
	}
	return lines
}

func skypeLine(st trayState) string {
	switch {
	case !st.Live:
		return "Serving the archive (no live collection)"
	case st.Skype.Syncing != "":
		return "Syncing " + chatTitle(st.Chats, st.Skype.Syncing) + "…"
	case st.Skype.Skype == "":
		return "Starting…"
	}
	return capitalize(st.Skype.Skype)
}

// chatTitle is the title of the named chat if the menu lists it, else its name.
func chatTitle(chats []menuChat, name string) string {
	for _, c := range chats {
		if c.Name == name {
			return c.Title
		}
	}
	return name
}

func importLine(im importState) string {
	switch {
	case im.Running && im.Total > 0:
		return fmt.Sprintf("Importing %s: %d%%", im.File, percent(im.Done, im.Total))
	case im.Running && im.Done > 0:
		return fmt.Sprintf("Importing %s: %d so far", im.File, im.Done)
	case im.Running:
		return fmt.Sprintf("Importing %s…", im.File)
	case im.Failed && im.File == "":
		return "Import failed: " + im.Result
	case im.Failed:
		return fmt.Sprintf("Import of %s failed: %s", im.File, im.Result)
	case im.Result != "":
		return fmt.Sprintf("Imported %s: %s", im.File, im.Result)
	}
	return ""
}

// percent is done of total in whole percent, kept within 0 to 100.
func percent(done, total int64) int {
	if total <= 0 || done <= 0 {
		return 0
	}
	return int(min(100, done*100/total))
}

// tooltip is the text shown over the tray icon: the name, the status and
// which picked chats have new messages.
func tooltip(st trayState) string {
	lines := append([]string{"Chat Channels"}, statusLines(st)...)
	if l := newLine(st.New); l != "" {
		lines = append(lines, l)
	}
	return fitUTF16(strings.Join(lines, "\n"), tooltipUnits)
}

// apply is the import state after an event. Progress of an import that
// has finished is stale and changes nothing.
func (im importState) apply(ev importEvent) importState {
	switch ev.Kind {
	case importChoosing:
		im.Choosing = true
	case importCancelled:
		im.Choosing = false
		if ev.Err != nil {
			return importState{Result: oneLine(ev.Err), Failed: true}
		}
	case importStarted:
		return importState{File: baseName(ev.File), Running: true}
	case importProgress:
		if im.Running {
			im.Done, im.Total = ev.Done, ev.Total
		}
	case importFinished:
		im.Running, im.Result, im.Failed = false, ev.Summary, ev.Err != nil
		if ev.Err != nil {
			im.Result = oneLine(ev.Err)
		}
	}
	return im
}

// menuChanges lists the slots whose items differ between the shown menu
// and the wanted one; both come from buildMenu, so they have one shape.
func menuChanges(shown, want []menuItem) []int {
	var changed []int
	for i := range want {
		if shown[i] != want[i] {
			changed = append(changed, i)
		}
	}
	return changed
}

// withCollected is the state once a chat is picked or dropped, before the
// archive is read again, so that the check mark follows the click at once.
func (st trayState) withCollected(name string, on bool) trayState {
	st.Chats = slices.Clone(st.Chats)
	for i := range st.Chats {
		if st.Chats[i].Name == name {
			st.Chats[i].Collected = on
		}
	}
	return st
}

// menuChats picks the chats the menu lists: the most recently active
// first, at most recentChats.
func menuChats(chats []store.Chat) []menuChat {
	out := byActivity(chats)
	return out[:min(len(out), recentChats)]
}

// newChats picks the picked chats with new messages, the most recently
// active first.
func newChats(chats []store.Chat) []menuChat {
	return slices.DeleteFunc(byActivity(chats), func(c menuChat) bool { return !c.Collected || c.Unread <= 0 })
}

// byActivity lists chats as the menu shows them, the most recently active first.
func byActivity(chats []store.Chat) []menuChat {
	var out []menuChat
	for _, c := range chats {
		out = append(out, menuChat{Name: c.Name, Title: c.Title(), Collected: c.Collected, Last: c.LastMessageAt, Unread: c.Unread})
	}
	slices.SortStableFunc(out, func(a, b menuChat) int { return cmp.Compare(b.Last.UnixNano(), a.Last.UnixNano()) })
	return out
}

// feedURL is the feed of all collected chats; pickerURL the page to pick
// among all chats.
func feedURL(st trayState) string   { return st.URL + "feed.atom" }
func pickerURL(st trayState) string { return st.URL + "chats/" }

// menuLabel makes text fit for a menu line: one line, '&' shown as itself
// rather than marking a shortcut key, long text cut with an ellipsis.
func menuLabel(s string) string {
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if utf8.RuneCountInString(s) > labelRunes {
		s = string([]rune(s)[:labelRunes-1]) + "…"
	}
	return strings.ReplaceAll(s, "&", "&&")
}

// fitUTF16 cuts s, with an ellipsis, so that it takes at most n UTF-16 units.
func fitUTF16(s string, n int) string {
	if len(utf16.Encode([]rune(s))) <= n {
		return s
	}
	units := 1 // the ellipsis
	for i, r := range s {
		units += utf16.RuneLen(r)
		if units > n {
			return s[:i] + "…"
		}
	}
	return s
}

// baseName is the last element of a Windows or a Unix path.
func baseName(path string) string {
	return path[strings.LastIndexAny(path, `/\`)+1:]
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
