package tray

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/systray"

	"github.com/chatchannels/chatchannels/app/setup"
	"github.com/chatchannels/chatchannels/assets"
)

// tray is Chat Channels in the notification area: an icon, a tooltip and
// a flat menu built from the tray state (menu.go), its items updated in
// place whenever the state changes them. One loop owns the state: it
// polls the service, hears imports and clicks, and updates the menu.
type tray struct {
	host Host
	ctx  context.Context
	quit context.CancelFunc

	state     trayState
	shown     []menuItem
	items     []*systray.MenuItem // the shown menu's items by slot, separators nil
	tip       string
	clicks    chan int // the slots of the items clicked
	imports   chan importEvent
	mu        sync.Mutex
	closing   bool           // the tray is gone; no import may start
	importing sync.WaitGroup // the import running, which the end waits for
}

// pollEvery is how often the tray reads the collector's state and the chats.
const pollEvery = time.Second

// Run shows the tray until Quit is chosen or ctx ends. It must run on the
// main goroutine: systray's window lives on the thread it locked.
func Run(ctx context.Context, h Host) {
	t := &tray{host: h, clicks: make(chan int, 8), imports: make(chan importEvent, 8)}
	t.ctx, t.quit = context.WithCancel(ctx)
	t.state = trayState{URL: h.URL, Live: h.Live}
	t.readAutostart()
	systray.Run(t.ready, t.quit)
	t.mu.Lock()
	t.closing = true
	t.mu.Unlock()
	t.importing.Wait() // an import stopped by Quit ends before the archive closes
}

// beginImport counts an import in, unless the tray is closing.
func (t *tray) beginImport() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closing {
		return false
	}
	t.importing.Add(1)
	return true
}

func (t *tray) ready() {
	systray.SetIcon(assets.IconICO)
	systray.SetTitle("Chat Channels")
	go t.loop()
}

// loop is the tray's one event loop.
func (t *tray) loop() {
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	t.poll()
	t.show()
	for {
		select {
		case <-t.ctx.Done():
			systray.Quit()
			return
		case slot := <-t.clicks:
			t.do(t.shown[slot].click())
		case ev := <-t.imports:
			t.state.Import = t.state.Import.apply(ev)
		case <-tick.C:
			t.poll()
		}
		t.show()
	}
}

// poll reads what the collector is doing and the chats the menu lists.
func (t *tray) poll() {
	t.state.Skype = t.host.Skype()
	chats, err := t.host.Store.Chats(t.ctx)
	if err != nil {
		slog.Warn("tray: list chats", "err", err)
		return
	}
	if err := countPicked(t.ctx, t.host.Store, chats); err != nil {
		slog.Warn("tray: count new messages", "err", err)
	}
	t.state.Chats, t.state.New = menuChats(chats), newChats(chats)
}

func (t *tray) readAutostart() {
	on, err := setup.StartsWithWindows()
	t.state.StartWithWindows, t.state.AutostartErr = on, ""
	if err != nil {
		t.state.AutostartErr = oneLine(err)
	}
}

// show brings the menu and the tooltip in line with the state. The menu
// is made once; after that its items change in place (title, check mark,
// enabled, shown), which keeps a menu the user has open open and usable.
func (t *tray) show() {
	want := buildMenu(t.state)
	if t.items == nil {
		t.create(want)
	} else {
		for _, i := range menuChanges(t.shown, want) {
			update(t.items[i], t.shown[i], want[i])
		}
	}
	t.shown = want
	if tip := tooltip(t.state); tip != t.tip {
		systray.SetTooltip(tip)
		t.tip = tip
	}
}

// create adds the menu's items; each one's clicks are forwarded, as its
// slot, to the loop, which reads what the slot does when it is clicked.
func (t *tray) create(menu []menuItem) {
	t.items = make([]*systray.MenuItem, len(menu))
	for i, m := range menu {
		if m.Separator {
			systray.AddSeparator()
			continue
		}
		var item *systray.MenuItem
		if m.Checkable {
			item = systray.AddMenuItemCheckbox(m.Label, "", m.Checked)
		} else {
			item = systray.AddMenuItem(m.Label, "")
		}
		if m.Disabled {
			item.Disable()
		}
		if m.Hidden {
			item.Hide()
		}
		t.items[i] = item
		go t.forward(item.ClickedCh, i)
	}
}

// update changes a shown item into the wanted one. Setting anything on a
// hidden item shows it (systray), so a hidden item is left alone.
func update(item *systray.MenuItem, shown, want menuItem) {
	switch {
	case want.Hidden:
		if !shown.Hidden {
			item.Hide()
		}
		return
	case shown.Hidden || shown.Label != want.Label:
		item.SetTitle(want.Label) // shows a hidden item
	}
	if want.Checked != item.Checked() {
		if want.Checked {
			item.Check()
		} else {
			item.Uncheck()
		}
	}
	if want.Disabled != item.Disabled() {
		if want.Disabled {
			item.Disable()
		} else {
			item.Enable()
		}
	}
}

// forward passes an item's clicks, as its slot, to the loop.
func (t *tray) forward(clicked <-chan struct{}, slot int) {
	for range clicked {
		select {
		case t.clicks <- slot:
		case <-t.ctx.Done():
			return
		}
	}
}

// do carries out what a click asked for. Failures show in the menu.
func (t *tray) do(a action) {
	var err error
	switch a.Kind {
	case actNone:
		return
	case actOpenWeb:
		err = t.host.OpenURL(t.state.URL)
	case actMoreChats:
		err = t.host.OpenURL(pickerURL(t.state))
	case actCollect:
		if err = t.host.Store.SetCollected(t.ctx, a.Chat, a.On); err == nil {
			t.state = t.state.withCollected(a.Chat, a.On)
		}
	case actCopyFeedURL:
		err = copyText(feedURL(t.state))
	case actImport:
		t.state.Import = t.state.Import.apply(importEvent{Kind: importChoosing})
		go t.importChosenFile()
	case actOpenDataFolder:
		err = t.host.OpenFolder(t.host.DataDir)
	case actStartWithWindows:
		err = setup.SetStartWithWindows(a.On)
		t.readAutostart()
	case actQuit:
		t.quit()
	}
	t.state.Notice = ""
	if err != nil {
		slog.Error("tray: "+actionNames[a.Kind], "err", err)
		t.state.Notice = "Could not " + actionNames[a.Kind] + ": " + oneLine(err)
	}
}

// actionNames say what an action does, for the notice when it fails.
var actionNames = map[actionKind]string{
	actOpenWeb:          "open the web view",
	actMoreChats:        "open the chat picker",
	actCollect:          "change the chat's collection",
	actCopyFeedURL:      "copy the feed URL",
	actImport:           "import",
	actOpenDataFolder:   "open the data folder",
	actStartWithWindows: "change Start with Windows",
}

// importChosenFile asks for a file and imports it, telling the loop how
// it goes.
func (t *tray) importChosenFile() {
	path, err := chooseImportFile()
	if path == "" || err != nil {
		t.tell(importEvent{Kind: importCancelled, Err: err})
		return
	}
	if !t.beginImport() {
		return
	}
	defer t.importing.Done()
	t.tell(importEvent{Kind: importStarted, File: path})
	var last time.Time
	summary, err := t.host.Import(t.ctx, path, func(done, total int64) {
		if now := time.Now(); now.Sub(last) >= 250*time.Millisecond {
			last = now
			select { // progress may be dropped while the loop is busy; the end may not
			case t.imports <- importEvent{Kind: importProgress, Done: done, Total: total}:
			default:
			}
		}
	})
	if err != nil {
		slog.Error("tray: import", "file", path, "err", err)
	} else {
		slog.Info("tray: imported", "file", path, "summary", summary)
	}
	t.tell(importEvent{Kind: importFinished, Summary: summary, Err: err})
}

func (t *tray) tell(ev importEvent) {
	select {
	case t.imports <- ev:
	case <-t.ctx.Done():
	}
}
