package store

import (
	"context"
	"database/sql"
	"reflect"
	"slices"
	"testing"
	"time"
)

// upgradeCases are bodies whose plain text the one markup reader reads
// otherwise than the version before it (store/plaintext.go, until migration
// 5) did: old is what that version stored, text what the page shows and
// the archive holds after the upgrade.
var upgradeCases = []struct{ ref, typ, body, old, text string }{
	{"entity", "SAID", "caf&eacute; au lait", "caf&eacute; au lait", "café au lait"},
	{"numeric", "SAID", "a&#0;b &#x110000; end", "ab &#x110000; end", "a\uFFFDb \uFFFD end"},
	{"mention", "SAID", `<at id="8:carol">Carol</at> look at this`, "Carol look at this", "@Carol look at this"},
	{"quote", "SAID", "<quote author=\"carol\" authorname=\"Carol\" timestamp=\"1375219588\"><legacyquote>[21:26:28] Carol: </legacyquote>old words<legacyquote>\n\n&lt;&lt;&lt; </legacyquote></quote>my reply",
		"old words my reply", "Carol, 2013-07-30 21:26 UTC\nold words\nmy reply"},
	{"plain", "SAID", "see you tomorrow", "see you tomorrow", "see you tomorrow"},
	{"call", "CALLENDED", `<partlist type="ended" alt=""><part identity="bob"><name>Bob</name><duration>200</duration></part></partlist>`, "Bob 200", "Call ended, 3 min 20 s"},
	{"granted", "CONTACTGRANTED", "", "", "Accepted the contact request"},
	{"sms", "SMS", `<sms alt="call me"><type>2</type><status>6</status><targets><target status="6">+34123456789</target></targets><body><chunk id="0">call me</chunk></body></sms>`,
		"<type>2</type><status>6</status><targets> +34123456789 </targets><body><chunk id=\"0\">call me</chunk></body>", "SMS to +34123456789 (delivered): call me"},
}

// The edited message: its first body, read otherwise now, is kept as an
// earlier version.
const (
	editedFirst = "cr&egrave;me br&ucirc;l&eacute;e"
	editedOld   = "cr&egrave;me br&ucirc;l&eacute;e"
	editedText  = "crème brûlée"
	editedLast  = "creme brulee please"
)

const upgradeChat = "#alice/$bob;0123456789abcdef"

var upgradeStart = time.Date(2013, 7, 30, 21, 0, 0, 0, time.UTC)

// upgradeMessages are upgradeCases, and the edited message as first sent
// and as edited, as an export reports them.
func upgradeMessages(source string) []Incoming {
	var msgs []Incoming
	for i, c := range upgradeCases {
		msgs = append(msgs, Incoming{Chat: upgradeChat, Source: source, Ref: source + c.ref, Author: "bob", AuthorName: "Bob",
			Time: upgradeStart.Add(time.Duration(i) * time.Minute), Precise: true, Type: c.typ, Body: c.body})
	}
	first := Incoming{Chat: upgradeChat, Source: source, Ref: source + "edited", Author: "bob", AuthorName: "Bob",
		Time: upgradeStart.Add(time.Hour), Precise: true, Type: "SAID", Body: editedFirst}
	last := first
	last.Body, last.EditedBy, last.EditedAt = editedLast, "bob", first.Time.Add(time.Minute)
	return append(msgs, first, last)
}

// TestUpgradeDerivesTextsAgain builds an archive as the version before the
// one markup reader left it, texts, hashes, keys and search index included,
// and opens it: the migration stores the texts the pages show, the index
// follows, keys stay, and importing the same messages again, from the same
// source or another, adds nothing.
func TestUpgradeDerivesTextsAgain(t *testing.T) {
	dir := t.TempDir()
	ctx := t.Context()

	// Made with this version, then put back to what the older one stored.
	s := mustOpen(t, dir)
	if _, err := s.Ingest(ctx, upgradeMessages("export:alice")); err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{} // ref → key given out
	for _, c := range upgradeCases {
		keys["export:alice"+c.ref] = ageMessage(t, s.db.DB, "export:alice"+c.ref, c.body, c.old, c.old)
	}
	keys["export:aliceedited"] = ageMessage(t, s.db.DB, "export:aliceedited", editedLast, editedLast, editedOld)
	if _, err := s.db.Exec(`UPDATE message_versions SET text = ?, text_hash = ?`, editedOld, textHash(editedOld)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = mustOpen(t, dir) // the index takes the old texts
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if got := searchRefs(t, s, "café"); len(got) != 0 {
		t.Fatalf("the old archive's index finds café in %v", got)
	}
	if _, err := s.db.Exec(`PRAGMA user_version = 4`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// The upgrade.
	s = mustOpen(t, dir)
	defer s.Close()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		for _, c := range upgradeCases {
			key, text, hash := storedMessage(t, s.db.DB, "export:alice"+c.ref)
			if key != keys["export:alice"+c.ref] || text != c.text || hash != textHash(c.text) {
				t.Errorf("%s: %s: key %s, text %q (hash %d); want key %s, text %q", when, c.ref, key, text, hash, keys["export:alice"+c.ref], c.text)
			}
		}
		var version string
		if err := s.db.QueryRow(`SELECT text FROM message_versions WHERE text_hash = ?`, textHash(editedText)).Scan(&version); err != nil || version != editedText {
			t.Errorf("%s: the earlier version's text is %q (%v), want %q", when, version, err, editedText)
		}
		var n int
		if err := s.db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n); err != nil || n != len(upgradeCases)+1 {
			t.Errorf("%s: %d messages (%v), want %d", when, n, err, len(upgradeCases)+1)
		}
	}
	check("upgraded")
	for query, want := range map[string][]string{
		"café":           {"export:aliceentity"},
		"@Carol":         {"export:alicemention", "export:alicequote"}, // a quote's header shows its author
		`"call ended"`:   {"export:alicecall"},
		"+34123456789":   {"export:alicesms"},
		"accepted":       {"export:alicegranted"},
		`"old words"`:    {"export:alicequote"},
		"crème":          nil, // an earlier version, not the message's text
		"please":         {"export:aliceedited"},
		`"see you"`:      {"export:aliceplain"},
		"lait -tomorrow": {"export:aliceentity"},
	} {
		if got := searchRefs(t, s, query); !slices.Equal(got, want) {
			t.Errorf("search %s finds %v, want %v", query, got, want)
		}
	}

	// The same file again, and the same messages from another source.
	res, err := s.Ingest(ctx, upgradeMessages("export:alice"))
	if err != nil {
		t.Fatal(err)
	}
	if want := (IngestResult{Unchanged: len(upgradeCases) + 2}); !reflect.DeepEqual(res, want) {
		t.Errorf("importing the same file again: %+v, want %+v", res, want)
	}
	res, err = s.Ingest(ctx, upgradeMessages("maindb:bob"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 0 || res.Merged != len(upgradeCases)+1 {
		t.Errorf("importing the messages from another source: %+v, want them all merged", res)
	}
	check("imported again")
}

func mustOpen(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ageMessage gives a message of the export the text and hash the older
// version derived from its body (old), and the key it derived from the
// text it first had (first), with a change so that the index takes them;
// it returns the key.
func ageMessage(t *testing.T, db *sql.DB, ref, body, old, first string) string {
	t.Helper()
	var id, sent int64
	if err := db.QueryRow(`SELECT id, sent_at FROM messages WHERE ref = ?`, ref).Scan(&id, &sent); err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	key := messageKey(upgradeChat, "bob", sent/1000, first, 1)
	seq, err := maxSeq(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	seq++
	if _, err := db.Exec(`UPDATE messages SET text = ?, text_hash = ?, key = ?, seq = ? WHERE id = ?`,
		textColumn(old, body), textHash(old), key, seq, id); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO changes (seq, message_id) VALUES (?, ?)`, seq, id); err != nil {
		t.Fatal(err)
	}
	return key
}

// storedMessage reads what the archive holds of a message of the export.
func storedMessage(t *testing.T, db *sql.DB, ref string) (key, text string, hash int64) {
	t.Helper()
	err := db.QueryRow(`SELECT key, coalesce(text, body), text_hash FROM messages WHERE ref = ?`, ref).Scan(&key, &text, &hash)
	if err != nil {
		t.Fatalf("%s: %v", ref, err)
	}
	return key, text, hash
}

// searchRefs searches and returns the export's references of the hits.
func searchRefs(t *testing.T, s *Store, query string) []string {
	t.Helper()
	res, err := s.Search(context.Background(), query, SearchOptions{Limit: 100})
	if err != nil {
		t.Fatalf("search %s: %v", query, err)
	}
	var refs []string
	for _, h := range res.Hits {
		var ref string
		if err := s.db.QueryRow(`SELECT ref FROM messages WHERE id = ?`, h.Message.ID).Scan(&ref); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	return refs
}
