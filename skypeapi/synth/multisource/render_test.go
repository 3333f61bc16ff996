package multisource_test

import (
	"archive/tar"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
)

func render(t *testing.T, seed int64) (*multisource.World, []multisource.Source) {
	t.Helper()
	w := multisource.Generate(multisource.Config{Seed: seed})
	srcs, err := w.Render(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return w, srcs
}

// Every main.db opens with SQLite, says whose it is, and holds one Messages
// row per message it holds, filed under conversations of the right kinds.
func TestMainDBs(t *testing.T) {
	_, srcs := render(t, 11)
	schemas := map[multisource.Schema][]string{}
	for _, s := range srcs {
		if s.Kind != multisource.MainDB {
			continue
		}
		db, err := sql.Open("sqlite", fileURI(s.Path)+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var owner string
		var rows, nullNames, convs int
		query(t, db, `SELECT skypename FROM Accounts`, &owner)
		query(t, db, `SELECT count(*), count(*) - count(chatname) FROM Messages`, &rows, &nullNames)
		query(t, db, `SELECT count(*) FROM Conversations`, &convs)
		if owner != s.Account || rows != len(s.Holds) || convs == 0 {
			t.Errorf("%v: account %q, %d messages, %d conversations; want %q, %d", s, owner, rows, convs, s.Account, len(s.Holds))
		}
		// A dialog is named by the partner alone; a migrated group links its names.
		var dialogs, links int
		query(t, db, `SELECT count(*) FROM Conversations WHERE type = 1 AND identity NOT LIKE '#%' AND identity <> ?`, &dialogs, owner)
		query(t, db, `SELECT count(*) FROM Conversations WHERE alt_identity LIKE '19:%' OR identity LIKE '19:%' AND alt_identity LIKE '#%'`, &links)
		if dialogs == 0 || links == 0 {
			t.Errorf("%v: %d dialogs named by the partner, %d migrated names linked", s, dialogs, links)
		}
		var orphans int
		query(t, db, `SELECT count(*) FROM Messages m WHERE NOT EXISTS (SELECT 1 FROM Conversations c WHERE c.id = m.convo_id)`, &orphans)
		if orphans > 0 {
			t.Errorf("%v: %d messages point at no conversation", s, orphans)
		}
		schemas[s.Schema] = columns(t, db, "Messages")
	}
	if len(schemas) < 2 {
		t.Fatalf("one schema only: %v", schemas)
	}
	if s6, s7 := schemas[multisource.Skype6], schemas[multisource.Skype7]; s6 != nil && s7 != nil && slices.Equal(s6[:5], s7[:5]) {
		t.Errorf("Skype 6 and 7 order Messages' columns alike: %v", s6[:5])
	}
}

// fileURI is path as an SQLite file: URI.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "#", "%23", "?", "%3f").Replace(filepath.ToSlash(path))
}

func query(t *testing.T, db *sql.DB, q string, dst ...any) {
	t.Helper()
	var args []any
	if n := strings.Count(q, "?"); n > 0 {
		args, dst = dst[len(dst)-n:], dst[:len(dst)-n]
	}
	if err := db.QueryRow(q, args...).Scan(dst...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func columns(t *testing.T, db *sql.DB, table string) []string {
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		out = append(out, n)
	}
	return out
}

// An export parses as JSON in the documented shape, holds one entry per
// version it shows, and its .tar holds the very same messages.json.
func TestExports(t *testing.T) {
	_, srcs := render(t, 12)
	for _, s := range srcs {
		if s.Kind != multisource.ExportJSON {
			continue
		}
		data, err := os.ReadFile(s.Path)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			UserID        string `json:"userId"`
			Conversations []struct {
				ID          string            `json:"id"`
				MessageList []json.RawMessage `json:"MessageList"`
			} `json:"conversations"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		entries := 0
		for _, c := range doc.Conversations {
			if !strings.HasPrefix(c.ID, "8:") && !strings.HasPrefix(c.ID, "19:") || len(c.MessageList) == 0 {
				t.Errorf("%v: conversation %q with %d messages", s, c.ID, len(c.MessageList))
			}
			entries += len(c.MessageList)
		}
		shown := 0
		for _, h := range s.Holds {
			shown += len(h.Shown)
		}
		if doc.UserID != "8:"+s.Account || entries != shown {
			t.Errorf("%v: userId %q, %d entries; want 8:%s, %d", s, doc.UserID, entries, s.Account, shown)
		}
		tarred := strings.Replace(s.Path, filepath.Join("export", "messages.json"), "8_"+strings.ReplaceAll(s.Account, ":", "_")+"_export.tar", 1)
		if inTar := tarMember(t, tarred, "messages.json"); !bytes.Equal(inTar, data) {
			t.Errorf("%v: the .tar's messages.json differs (%d bytes, %d)", s, len(inTar), len(data))
		}
	}
}

func tarMember(t *testing.T, path, name string) []byte {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err != nil {
			t.Fatalf("%s: no %s: %v", path, name, err)
		}
		if h.Name == name {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
}

// The simulator world is valid, holds what its source says, and shows the
// Desktop API no message of a cloud thread.
func TestSimWorld(t *testing.T) {
	for seed := int64(1); seed <= 10; seed++ {
		w := multisource.Generate(multisource.Config{Seed: seed})
		sw, src := w.SimWorld()
		data, err := json.Marshal(sw)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "world.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := skypesim.LoadWorld(path); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		n := 0
		for _, c := range sw.Chats {
			if c.Cloud && len(c.Messages) > 0 {
				t.Errorf("seed %d: cloud chat %s has messages", seed, c.Name)
			}
			n += len(c.Messages)
		}
		for _, st := range sw.Script {
			if st.Message != nil {
				n++
			}
		}
		if sw.User != w.Live || n != len(src.Holds) || n == 0 {
			t.Errorf("seed %d: user %s, %d messages; want %s, %d", seed, sw.User, n, w.Live, len(src.Holds))
		}
	}
}

// The same seed renders the same files.
func TestRenderIsDeterministic(t *testing.T) {
	_, a := render(t, 5)
	_, b := render(t, 5)
	for i := range a {
		if !reflect.DeepEqual(a[i].Holds, b[i].Holds) {
			t.Errorf("%v: holds differ", a[i])
		}
		if a[i].Kind == multisource.MainDB {
			if da, db := dump(t, a[i].Path), dump(t, b[i].Path); da != db {
				t.Errorf("%v: contents differ", a[i])
			}
			continue
		}
		x, _ := os.ReadFile(a[i].Path)
		y, _ := os.ReadFile(b[i].Path)
		if !bytes.Equal(x, y) {
			t.Errorf("%v: files differ", a[i])
		}
	}
}

// dump is every row of a main.db's tables as text.
func dump(t *testing.T, path string) string {
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, table := range []string{"Accounts", "Contacts", "Conversations", "Chats", "Participants", "Messages"} {
		rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			fmt.Fprintln(&b, table, vals)
		}
		rows.Close()
	}
	return b.String()
}

// An archive of all sources holds every message, its current text never
// among its earlier versions; a main.db written before an edit holds what
// the edit replaced (in some world of a few).
func TestExpect(t *testing.T) {
	older := 0
	for seed := int64(1); seed <= 5; seed++ {
		w := multisource.Generate(multisource.Config{Seed: seed})
		srcs := w.Sources("")
		_, live := w.SimWorld()
		all := multisource.Expect(w, append(srcs, live))
		if len(all.Messages) != len(w.Messages) || len(all.Chats) != len(w.Chats) {
			t.Errorf("seed %d: all sources: %d messages in %d chats; the world has %d in %d", seed, len(all.Messages), len(all.Chats), len(w.Messages), len(w.Chats))
		}
		for _, s := range srcs {
			for _, h := range s.Holds {
				if m := &w.Messages[h.Message]; s.Kind == multisource.MainDB && h.Current < len(m.Versions)-1 {
					older++
				}
			}
		}
		for _, e := range all.Messages {
			if slices.Contains(e.Earlier, e.Current.Text) && !e.Current.Deleted {
				t.Errorf("seed %d: %v: the current text is also an earlier version", seed, &w.Messages[e.Message])
			}
		}
	}
	if older == 0 {
		t.Error("no main.db was written before an edit")
	}
}

// BenchmarkRender times writing one world's files (a few hundred messages
// per account).
func BenchmarkRender(b *testing.B) {
	w := multisource.Generate(multisource.Config{Seed: 1})
	for b.Loop() {
		if _, err := w.Render(b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/float64(len(w.People)), "ms/account")
}
