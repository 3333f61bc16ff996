package maindb_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

// copyFixture copies the real main.db into a temporary folder, passing its
// bytes through damage first when given.
func copyFixture(t *testing.T, damage func([]byte) []byte) string {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if damage != nil {
		data = damage(data)
	}
	path := filepath.Join(t.TempDir(), "main.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// archiveState is everything of an archive a failed import must not touch.
func archiveState(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	chats, err := s.Chats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range chats {
		names = append(names, fmt.Sprintf("%s %q %v %d %d", c.Name, c.Topic, c.Members, c.MessageCount, c.ChangedSeq))
	}
	slices.Sort(names)
	_, aliasErr := s.FindChat(ctx, "dialog:european.bbq.competitor+gen.beringer") // an alias the import would add
	return fmt.Sprintf("%+v %q alias known: %v", counts, names, aliasErr == nil)
}

// storeWithHistory is an archive that already holds a chat and a message.
func storeWithHistory(t *testing.T) *store.Store {
	s := openStore(t)
	at := time.Date(2013, 7, 30, 20, 0, 0, 0, time.UTC)
	if _, err := s.Ingest(context.Background(), []store.Incoming{{Chat: "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36",
		Source: "live:gen.beringer", Ref: "1", Author: "gen.beringer", Time: at, Type: "SAID", Body: "earlier"}}); err != nil {
		t.Fatal(err)
	}
	return s
}

// assertOneLineFailure checks an import's error and that the archive is
// as it was.
func assertOneLineFailure(t *testing.T, s *store.Store, path, before string, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("the import succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, path) || !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
		t.Errorf("error %q: want one line naming %s and saying %q", msg, path, want)
	}
	if after := archiveState(t, s); after != before {
		t.Errorf("the failed import changed the archive:\nbefore %s\nafter  %s", before, after)
	}
}

// TestLockedMainDB: another connection holds main.db under an exclusive
// lock (as Skype does while writing): the import says it is locked, names
// the file and changes nothing; once the lock is gone it succeeds.
func TestLockedMainDB(t *testing.T) {
	path := copyFixture(t, nil)
	holder, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN EXCLUSIVE`); err != nil {
		t.Fatal(err)
	}
	s := storeWithHistory(t)
	before := archiveState(t, s)
	_, err = maindb.Import(context.Background(), s, path, nil)
	assertOneLineFailure(t, s, path, before, err, "is locked")

	if _, err := conn.ExecContext(context.Background(), `ROLLBACK`); err != nil {
		t.Fatal(err)
	}
	if rep, err := maindb.Import(context.Background(), s, path, nil); err != nil || rep.Added != 15 {
		t.Errorf("after the lock: %+v, %v", rep, err)
	}
}

// TestDamagedMainDB: a main.db whose pages are overwritten, and one cut
// short (an interrupted copy), fail whole: a one-line error naming the
// file, nothing archived.
func TestDamagedMainDB(t *testing.T) {
	const page = 4096
	for name, damage := range map[string]func([]byte) []byte{
		"overwritten pages": func(b []byte) []byte {
			for off := 2 * page; off+page <= len(b); off += page {
				copy(b[off+page/4:], strings.Repeat("\xde\xad\xbe\xef", page/8))
			}
			return b
		},
		"a damaged message row": func(b []byte) []byte {
			// The page holding this message is a leaf of Messages; its
			// first cell pointer now points past the page. Counting rows
			// does not notice; reading them does.
			leaf := strings.Index(string(b), "need to know if you got it this time.") / page * page
			if b[leaf] != 0x0d {
				t.Fatalf("page at %d is not a table leaf", leaf)
			}
			b[leaf+8], b[leaf+9] = 0xff, 0xf0
			return b
		},
		"truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"truncated mid-page": func(b []byte) []byte {
			return b[:len(b)*2/3+1000]
		},
	} {
		t.Run(name, func(t *testing.T) {
			path := copyFixture(t, damage)
			s := storeWithHistory(t)
			before := archiveState(t, s)
			_, err := maindb.Import(context.Background(), s, path, nil)
			assertOneLineFailure(t, s, path, before, err, "damaged")
		})
	}
}
