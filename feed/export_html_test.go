package feed_test

import (
	"context"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
	"github.com/chatchannels/chatchannels/store/storetest"
)

// TestHTMLExportPageNames: pages are named for their chats' titles as file
// names every system takes (Windows' reserved characters replaced, no
// trailing dot, no device name such as NUL), one page per chat even when titles differ only in case.
func TestHTMLExportPageNames(t *testing.T) {
	ctx := context.Background()
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var batch []store.Incoming
	for i, c := range []store.ChatInfo{
		{Name: "#a/$1", Topic: `Plans: "Q3"/<Q4>?`},
		{Name: "#a/$2", Topic: `plans: "q3"/<q4>?`},
		{Name: "#a/$3", Topic: "Trip..."},
		{Name: "#a/$4", Topic: "nul"},
	} {
		if _, err := s.EnsureChat(ctx, c); err != nil {
			t.Fatal(err)
		}
		batch = append(batch, store.Incoming{Chat: c.Name, Source: "test", Ref: c.Name, Author: "bob", AuthorName: "Bob",
			Time: time.Date(2020, 1, 1, 10, i, 0, 0, time.UTC), Type: "SAID", Body: "hello " + c.Topic})
	}
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := export.Run(ctx, s, export.Filter{}, export.Meta{}, feed.NewHTMLExport(ctx, s, dirFolder(dir)), nil); err != nil {
		t.Fatal(err)
	}
	if got := storetest.FolderNames(t, dir, "|"); got != `Plans_ _Q3___Q4__.html|Trip.html|nul_.html|plans_ _q3___q4__ (2).html` {
		t.Errorf("pages %q", got)
	}
}
