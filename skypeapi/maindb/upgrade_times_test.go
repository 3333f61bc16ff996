package maindb_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

// An archive an earlier version made of the fixture dates the dialog's
// last activity 2404 (its SMS) and files the SMS under that date in the
// index. Opening it dates the dialog by its last possible message and has
// the index file the SMS again; importing the file again changes nothing.
func TestUpgradeLeavesImpossibleTimesOut(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := maindb.Import(ctx, s, fixture, nil); err != nil {
		t.Fatal(err)
	}
	dialog, err := s.FindChat(ctx, "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36")
	if err != nil {
		t.Fatal(err)
	}
	want := dialog.LastMessageAt
	if want.Year() != 2013 {
		t.Fatalf("the dialog's last activity is %v, want July 2013", want)
	}
	s.Close()
	db, err := sql.Open("sqlite", filepath.Join(dir, store.DBFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE chats SET last_message_at = 13727168620000 WHERE id = ?`, `PRAGMA user_version = 7`} {
		if _, err := db.Exec(q, dialog.ID); err != nil {
			t.Fatal(err)
		}
	}
	var before int64
	if err := db.QueryRow(`SELECT seq FROM messages WHERE time_suspect`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err = store.Open(dir)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if c, err := s.FindChat(ctx, dialog.Name); err != nil || !c.LastMessageAt.Equal(want) || c.ChangedSeq <= before {
		t.Errorf("after the upgrade the dialog was last active %v (change %d, was %d; %v), want %v, changed", c.LastMessageAt, c.ChangedSeq, before, err, want)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, "from:gen.beringer", store.SearchOptions{ByTime: true, Limit: 50})
	if err != nil || len(res.Hits) == 0 || res.Hits[0].Message.TimeSuspect {
		t.Errorf("newest first, the search starts with %+v (%v); want a possible time", res.Hits[:min(1, len(res.Hits))], err)
	}
	again, err := maindb.Import(ctx, s, fixture, nil)
	if err != nil || again.Added+again.Merged+again.Updated != 0 {
		t.Errorf("importing again: %+v (%v), want nothing changed", again, err)
	}
}
