package maindb_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/store"
)

// fuzzedColumns are the cells FuzzMainDBRow fills with hostile values: each
// a column the import reads, of a table with the real Skype 6 schema.
var fuzzedColumns = []struct{ table, column string }{
	{"Messages", "convo_id"}, {"Messages", "chatname"}, {"Messages", "author"}, {"Messages", "from_dispname"},
	{"Messages", "timestamp"}, {"Messages", "type"}, {"Messages", "body_xml"}, {"Messages", "edited_by"},
	{"Messages", "edited_timestamp"}, {"Messages", "guid"}, {"Messages", "id"},
	{"Conversations", "id"}, {"Conversations", "identity"}, {"Conversations", "type"}, {"Conversations", "displayname"},
	{"Chats", "name"}, {"Chats", "conv_dbid"}, {"Chats", "participants"}, {"Chats", "type"},
	{"Participants", "convo_id"}, {"Participants", "identity"},
}

// FuzzMainDBRow builds a real main.db (the Skype 6 fixture's schema) whose
// rows hold fuzzed values of fuzzed kinds (NULL, text, blob, integer, real)
// in every column the import reads, and imports it into a real archive.
// Whatever the values, the import succeeds and accounts for every message
// row it read: archived, or skipped with a reason.
func FuzzMainDBRow(f *testing.F) {
	schema := fixtureSchema(f)
	f.Add("33", "#gen.beringer/$european.bbq.competitor;72abdaf9cf5da36", "gen.beringer", "1375219588", uint64(0x1111111111111111))
	f.Add("yesterday", "", "", "61.5", uint64(0x3333333333333333))
	f.Add("-9223372036854775808", "8:bob", "\xff\xfe\u202e", "9223372036854775807", uint64(0x4444444444444444))
	f.Add("1e300", "19:abc@thread.skype", "bob", "NaN", uint64(0x2525252525252525))
	s, err := store.OpenDB(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Fuzz(func(t *testing.T, a, b, c, d string, kinds uint64) {
		values := []string{a, b, c, d}
		path := filepath.Join(t.TempDir(), "main.db")
		db, err := sql.Open("sqlite", store.FileURI(path))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, st := range schema {
			if _, err := db.Exec(st); err != nil {
				t.Fatal(err)
			}
		}
		rows := map[string]map[string]any{
			"Messages":      {"id": 1, "convo_id": 1, "chatname": "#a/$b;1", "author": "bob", "timestamp": 1375219588, "type": 61, "body_xml": "hi"},
			"Conversations": {"id": 1, "identity": "#a/$b;1", "type": 2},
			"Chats":         {"name": "#a/$b;1", "conv_dbid": 1, "participants": "a b"},
			"Participants":  {"convo_id": 1, "identity": "b"},
		}
		for i, col := range fuzzedColumns {
			rows[col.table][col.column] = cell(values[i%len(values)], kinds>>(3*(i%21))&7)
		}
		for table, row := range rows {
			var names, marks []string
			var args []any
			for name, v := range row {
				names, marks, args = append(names, name), append(marks, "?"), append(args, v)
			}
			q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(names, ", "), strings.Join(marks, ", "))
			if _, err := db.Exec(q, args...); err != nil {
				return // a value the schema refuses (NULL for a NOT NULL id): no such file
			}
		}
		if _, err := db.Exec(`INSERT INTO Messages (convo_id, chatname, author, timestamp, type, body_xml) VALUES (1, '#a/$b;1', 'alice', 1375219600, 61, 'an ordinary row')`); err != nil {
			t.Fatal(err)
		}
		db.Close()
		rep, err := maindb.Import(context.Background(), s, path, nil)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		accounted := rep.Added + rep.Merged + rep.Updated + rep.Unchanged
		for _, n := range rep.SkippedReasons() {
			accounted += n
		}
		if rep.Read != 2 || accounted != rep.Read {
			t.Fatalf("read %d, accounted for %d: %+v", rep.Read, accounted, rep)
		}
	})
}

// cell is a fuzzed value of a kind: NULL, text, a blob, an integer, a
// real, or an extreme integer.
func cell(v string, kind uint64) any {
	switch kind {
	case 0:
		return nil
	case 1, 7:
		return v
	case 2:
		return []byte(v)
	case 3:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
		return int64(len(v))
	case 4:
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			return x
		}
		return float64(len(v)) + 0.5
	case 5:
		return int64(1<<62) + int64(len(v))
	}
	return -int64(len(v)) - 1<<40
}

// fixtureSchema is the CREATE statements of the fixture's tables the
// import reads.
func fixtureSchema(tb testing.TB) []string {
	db, err := sql.Open("sqlite", "file:"+fixture+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN ('Messages', 'Chats', 'Conversations', 'Participants', 'Accounts', 'Contacts')`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var schema []string
	for rows.Next() {
		var st string
		if err := rows.Scan(&st); err != nil {
			tb.Fatal(err)
		}
		schema = append(schema, st)
	}
	if len(schema) != 6 {
		tb.Fatalf("the fixture has %d of the tables", len(schema))
	}
	return schema
}
