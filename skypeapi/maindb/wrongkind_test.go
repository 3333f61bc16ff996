package maindb_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

// editFixture copies the real main.db and runs statements on the copy.
func editFixture(t *testing.T, statements ...string) string {
	t.Helper()
	path := copyFixture(t, nil)
	db, err := sql.Open("sqlite", store.FileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, st := range statements {
		if _, err := db.Exec(st); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
	return path
}

// TestValueOfTheWrongKind: text where Skype keeps a number (a hand-edited
// or broken main.db; SQLite keeps any value in any column) leaves out that
// row alone, counted with the column named: the other messages import,
// and every message read is accounted for.
func TestValueOfTheWrongKind(t *testing.T) {
	path := editFixture(t,
		`UPDATE Messages SET timestamp = 'yesterday' WHERE id = 39`,
		`UPDATE Messages SET convo_id = x'00ff' WHERE id = 43`,
		`UPDATE Messages SET edited_timestamp = 'soon' WHERE id = 47`,
		`UPDATE Messages SET type = 61.5, author = 12345 WHERE id = 51`, // a fraction for a type; a number is a fine author
		`UPDATE Conversations SET type = 'dialog' WHERE id = 28`,
		`UPDATE Chats SET conv_dbid = 'thirty-four' WHERE conv_dbid = 34`,
	)
	s := openStore(t)
	rep, err := maindb.Import(context.Background(), s, path, nil)
	if err != nil {
		t.Fatalf("the import failed: %v", err)
	}
	want := map[string]int{"Messages.timestamp": 1, "Messages.convo_id": 1, "Messages.edited_timestamp": 1, "Messages.type": 1,
		"Conversations.type": 1, "Chats.conv_dbid": 1}
	for col, n := range want {
		if rep.SkippedBadValue[col] != n {
			t.Errorf("SkippedBadValue = %v; want %v", rep.SkippedBadValue, want)
			break
		}
	}
	reasons := rep.SkippedReasons()
	if reasons["with a value of the wrong kind in Messages.timestamp"] != 1 || reasons["with a value of the wrong kind in Messages.type"] != 1 {
		t.Errorf("skipped reasons %v", reasons)
	}
	if rep.Read != 15 || rep.Added != 11 {
		t.Errorf("read %d, added %d; want 15 read, 11 added (4 rows left out)", rep.Read, rep.Added)
	}
	accounted := rep.Added + rep.Merged + rep.Updated + rep.Unchanged
	for _, n := range reasons {
		accounted += n
	}
	if accounted != rep.Read {
		t.Errorf("%d of %d messages accounted for: %+v", accounted, rep.Read, rep)
	}
	if got := rep.OtherRowsSkipped(); got != "1 in Chats.conv_dbid, 1 in Conversations.type" {
		t.Errorf("OtherRowsSkipped = %q", got)
	}
}
