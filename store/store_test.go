package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

func TestReopenKeepsEverythingAndRecognizesIt(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	batch := []store.Incoming{live("bob", t0, 1, "one"), live("bob", t0, 2, "one"), export("7", "alice", t0, "two")}
	ingest(t, s, batch...)
	ingest(t, s, edited(live("bob", t0, 1, ""), "bob", t0.Add(time.Hour), "uno"))
	s.Close()

	s = openStore(t, dir)
	if res := ingest(t, s, batch...); res.Added+res.Merged != 0 {
		t.Errorf("after reopening, known messages were taken as new: %+v", res)
	}
	if n := len(allMessages(t, s, chat)); n != 3 {
		t.Errorf("%d messages after reopening, want 3", n)
	}
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(context.Background(), "uno", store.SearchOptions{}); err != nil || res.Total != 1 {
		t.Errorf("search after reopening: %v, %+v", err, res)
	}
}

func TestTwoWritersOnOneArchive(t *testing.T) {
	dir := t.TempDir()
	a := openDB(t, dir)
	b := openDB(t, dir)
	ingest(t, a, live("bob", t0, 1, "hello"))
	ingest(t, b, export("1", "bob", t0.Add(time.Second), "hello"), export("2", "bob", t0.Add(time.Minute), "more"))
	// a's picture of the archive is stale now; it must notice.
	if res := ingest(t, a, export("2", "bob", t0.Add(time.Minute), "more")); !reflect.DeepEqual(res, store.IngestResult{Unchanged: 1}) {
		t.Errorf("a stale writer re-added a message: %+v", res)
	}
	if n := len(allMessages(t, a, chat)); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
	// A chat the other writer recorded is found, not created twice.
	if _, err := b.EnsureChat(context.Background(), store.ChatInfo{Name: "#carol/$0123456789abcdef", Aliases: []string{"8:carol"}}); err != nil {
		t.Fatal(err)
	}
	m := live("carol", t0, 1, "hi")
	m.Chat = "8:carol"
	if res := ingest(t, a, m); res.Added != 1 {
		t.Errorf("ingest into the other writer's chat: %+v", res)
	}
	if c, err := a.FindChat(context.Background(), "#carol/$0123456789abcdef"); err != nil || c.MessageCount != 1 {
		t.Errorf("the message went elsewhere: %v %+v", err, c)
	}
}

func openDB(t *testing.T, dir string) *store.Store {
	t.Helper()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMissingOrCorruptIndexIsRebuilt(t *testing.T) {
	for name, damage := range map[string]func(path string) error{
		"missing": os.RemoveAll,
		"corrupt": func(path string) error {
			return filepath.Walk(path, func(p string, info os.FileInfo, err error) error {
				if err != nil || info.IsDir() {
					return err
				}
				return os.WriteFile(p, []byte("garbage"), 0o600)
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			s := openStore(t, dir)
			ingest(t, s, live("bob", t0, 1, "survivor"))
			if err := s.WaitIndexed(context.Background()); err != nil {
				t.Fatal(err)
			}
			s.Close()
			if err := damage(filepath.Join(dir, store.IndexDir)); err != nil {
				t.Fatal(err)
			}
			s = openStore(t, dir)
			if err := s.WaitIndexed(context.Background()); err != nil {
				t.Fatal(err)
			}
			res, err := s.Search(context.Background(), "survivor", store.SearchOptions{})
			if err != nil || res.Total != 1 {
				t.Errorf("after rebuilding: %v, %+v", err, res)
			}
		})
	}
}

func TestReindex(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ingest(t, s, live("bob", t0, 1, "alpha"), live("bob", t0.Add(time.Second), 1, "beta"))
	s.Close()

	db := openDB(t, dir)
	var last int64
	if err := db.Reindex(context.Background(), func(done, total int64) { last = done }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if last != 2 {
		t.Errorf("progress ended at %d, want 2", last)
	}
	s = openStore(t, dir)
	if lag, _ := s.IndexLag(context.Background()); lag != 0 {
		t.Errorf("lag %d after reindex", lag)
	}
	if res, err := s.Search(context.Background(), "beta", store.SearchOptions{}); err != nil || res.Total != 1 {
		t.Errorf("search after reindex: %v %+v", err, res)
	}
}

func TestCorruptDatabaseIsAClearError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.DBFile), []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(dir)
	if err == nil || !strings.Contains(err.Error(), "corrupt") || !strings.Contains(err.Error(), store.DBFile) {
		t.Errorf("got %v, want an error naming the file and saying it is corrupt", err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, store.DBFile))
	if !strings.HasPrefix(string(data), "not a database") {
		t.Error("the corrupt file was changed")
	}
}

func TestLockedDatabaseLosesNothing(t *testing.T) {
	store.SetBusyTimeout(200 * time.Millisecond)
	defer store.SetBusyTimeout(5 * time.Second)
	dir := t.TempDir()
	s := openStore(t, dir)
	ingest(t, s, live("bob", t0, 1, "before"))

	// The other program waits for the store's own writes in flight (its
	// index follower's) before it takes the lock.
	other, err := sql.Open("sqlite", store.FileURI(filepath.Join(dir, store.DBFile))+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Ingest(context.Background(), []store.Incoming{live("bob", t0.Add(time.Second), 1, "during")})
	if err == nil || !strings.Contains(err.Error(), "locked") {
		t.Errorf("got %v, want an error saying the archive is locked", err)
	}
	conn.ExecContext(context.Background(), "ROLLBACK")
	conn.Close()

	// Once the lock is gone the same batch goes in, and nothing was lost.
	if res := ingest(t, s, live("bob", t0.Add(time.Second), 1, "during")); res.Added != 1 {
		t.Errorf("retry: %+v", res)
	}
	if n := len(allMessages(t, s, chat)); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
}

// A message that cannot be archived is left out with its reason; the rest
// of its batch goes in.
func TestInvalidMessageIsSkipped(t *testing.T) {
	s := openStore(t, t.TempDir())
	bad := live("bob", t0, 1, "x")
	bad.Author = ""
	res, err := s.Ingest(context.Background(), []store.Incoming{live("bob", t0, 1, "fine"), bad})
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 1 || res.Skipped["message has no author"] != 1 || len(res.SkippedNamed) != 1 {
		t.Errorf("result %+v, want 1 added and the author-less message skipped, named", res)
	}
	if got := allMessages(t, s, chat); len(got) != 1 || got[0].Text != "fine" {
		t.Errorf("archived %+v, want the fine message", got)
	}
}

func TestChats(t *testing.T) {
	s := openStore(t, t.TempDir())
	ctx := context.Background()
	id, err := s.EnsureChat(ctx, store.ChatInfo{Name: chat, Aliases: []string{"8:bob"}, Members: []string{"alice", "bob"}})
	if err != nil {
		t.Fatal(err)
	}
	// A message filed under an alias lands in the same chat.
	m := live("bob", t0, 1, "via alias")
	m.Chat = "8:bob"
	ingest(t, s, m, live("bob", t0.Add(time.Second), 1, "via name"))
	for _, name := range []string{chat, "(alice)$bob;0123456789abcdef", "8:bob"} {
		c, err := s.FindChat(ctx, name)
		if err != nil {
			t.Fatalf("find %q: %v", name, err)
		}
		if c.ID != id || c.MessageCount != 2 || !c.LastMessageAt.Equal(t0.Add(time.Second)) || c.Title() != "bob" {
			t.Errorf("find %q: %+v", name, c)
		}
	}
	if err := s.SetCollected(ctx, "8:bob", true); err != nil {
		t.Fatal(err)
	}
	chats, err := s.Chats(ctx)
	if err != nil || len(chats) != 1 || !chats[0].Collected || chats[0].WebID != "(alice)$bob;0123456789abcdef" {
		t.Errorf("chats: %v %+v", err, chats)
	}
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "#x/$y;1", Aliases: []string{"8:bob"}, Topic: "t"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.FindChat(ctx, "#x/$y;1"); c.ID != id || c.Topic != "t" {
		t.Errorf("a new name for a known alias should join that chat: %+v", c)
	}
	if _, err := s.FindChat(ctx, "nope"); err == nil {
		t.Error("found a chat that does not exist")
	}
}

func TestIndexInUseByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	ingest(t, s, live("bob", t0, 1, "busy"))
	// A second Open (another process, as far as the index lock goes) and a
	// reindex both refuse clearly instead of waiting forever or breaking it.
	if _, err := store.Open(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second open: got %v, want an error saying the index is in use", err)
	}
	db := openDB(t, dir)
	if err := db.Reindex(context.Background(), nil); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("reindex: got %v, want an error saying the index is in use", err)
	}
	if err := s.WaitIndexed(context.Background()); err != nil {
		t.Fatal(err)
	}
	if res, err := s.Search(context.Background(), "busy", store.SearchOptions{}); err != nil || res.Total != 1 {
		t.Errorf("the first store's index broke: %v %+v", err, res)
	}
}

// A data folder whose name SQLite's URI syntax would misread ('#' starts a
// fragment, '?' parameters, '%' an escape) keeps its archive inside it.
func TestDataFolderWithURICharacters(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "live#3abob 50%?")
	s := openStore(t, dir)
	ingest(t, s, live("bob", t0, 1, "kept where it belongs"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, store.DBFile)); err != nil {
		t.Errorf("the archive is not in its folder: %v", err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("the parent folder holds %d entries, want only the data folder", len(entries))
	}
	s = openStore(t, dir)
	if n := len(allMessages(t, s, chat)); n != 1 {
		t.Errorf("reopened, the chat holds %d messages, want 1", n)
	}
}
