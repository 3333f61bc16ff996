// Package tray is Chat Channels in the Windows notification area: an icon,
// a tooltip and a menu to open the web view, pick chats, copy the feed URL,
// import a Skype export and quit. The menu is data (menu.go), built and
// tested on every platform; showing it needs Windows.
package tray

import (
	"context"
	"strings"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/store"
)

// Host is the running Chat Channels the tray shows and drives.
type Host struct {
	URL     string // the web view, ending in "/"
	Live    bool   // collecting from Skype (else serving the archive only)
	DataDir string
	Store   *store.Store
	Skype   func() collector.State // what the collector is doing

	// Import archives a Skype export or main.db, reporting progress, and
	// says in one line what it did.
	Import     func(ctx context.Context, path string, progress func(done, total int64)) (summary string, err error)
	OpenURL    func(url string) error // in the user's browser
	OpenFolder func(dir string) error // in the file manager
}

// oneLine keeps an error message to one line, for the menu and tooltip.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
