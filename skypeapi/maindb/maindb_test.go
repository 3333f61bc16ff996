package maindb_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

const fixture = "testdata/skype6_main.db"

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestRealMainDB imports the plaso fixture and checks what its notes list.
func TestRealMainDB(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	var calls [][2]int64
	rep, err := maindb.Import(ctx, s, fixture, func(done, total int64) { calls = append(calls, [2]int64{done, total}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) == 0 || calls[len(calls)-1] != [2]int64{15, 15} {
		t.Errorf("progress %v, want it to end at 15 of 15 rows", calls)
	}
	if rep.Added != 15 || rep.SuspectTime != 1 {
		t.Errorf("report %+v, want 15 added, 1 suspect time", rep)
	}
	// The four Chats rows of the dialog with european.bbq.competitor are one chat.
	dialog, err := s.FindChat(ctx, "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36")
	if err != nil {
		t.Fatal(err)
	}
	for _, alias := range []string{"#european.bbq.competitor/$gen.beringer;b1a38279a6057828", "#gen.beringer/$european.bbq.competitor;eaec9a966dc7dbb9", "dialog:european.bbq.competitor+gen.beringer"} {
		if c, err := s.FindChat(ctx, alias); err != nil || c.ID != dialog.ID {
			t.Errorf("%s is not the dialog: %+v %v", alias, c, err)
		}
	}
	if dialog.MessageCount != 14 {
		t.Errorf("the dialog holds %d messages, want 14", dialog.MessageCount)
	}
	msgs, _ := s.ChatMessages(ctx, dialog.ID, 0, 100)
	var found, sms bool
	for _, m := range msgs {
		if m.Text == "need to know if you got it this time." {
			found = true
			if m.Author != "gen.beringer" || m.AuthorName != "Gen Beringer" || !m.Time.Equal(time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)) || m.Type != "SAID" {
				t.Errorf("the known message reads %+v", m)
			}
		}
		if m.Type == "SMS" {
			sms = true
			if !m.TimeSuspect || m.Time.Unix() != 13727168620 {
				t.Errorf("the SMS with the impossible time: %+v", m)
			}
		}
		if m.Text == "I'm here" && m.Body != "I&apos;m here" {
			t.Errorf("entities: body %q", m.Body)
		}
	}
	if !found || !sms {
		t.Errorf("missing the known message (%v) or the SMS (%v)", found, sms)
	}
	// Again: nothing changes; the file is untouched.
	before, _ := os.ReadFile(fixture)
	again, err := maindb.Import(ctx, s, fixture, nil)
	if err != nil || again.Added+again.Merged+again.Updated != 0 {
		t.Errorf("a second import changed the archive: %+v (%v)", again, err)
	}
	if after, _ := os.ReadFile(fixture); string(after) != string(before) {
		t.Error("the import wrote to main.db")
	}
}

func TestNotAMainDB(t *testing.T) {
	s := openStore(t)
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not sqlite ", 1000)), 0o600)
	for path, want := range map[string]string{
		garbage:                            "not a readable SQLite database",
		filepath.Join(dir, "missing.db"):   "missing.db",
		filepath.Join(dir, "..", "x", "y"): "y",
	} {
		_, err := maindb.Import(context.Background(), s, path, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error with %q", path, err, want)
		}
	}
	if c, _ := s.Counts(context.Background()); c.Messages != 0 {
		t.Errorf("a failed import left %d messages", c.Messages)
	}
}

// A main.db in a profile folder named as Skype names a live: account's
// ("live#3abob") is read from there, not from a file the URI syntax cut at '#'.
func TestMainDBInAFolderWithURICharacters(t *testing.T) {
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "live#3agen 50%?", "main.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := maindb.Import(context.Background(), s, path, nil)
	if err != nil || rep.Added == 0 {
		t.Fatalf("import from %s: %+v, %v", path, rep, err)
	}
}
