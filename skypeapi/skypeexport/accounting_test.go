package skypeexport

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// Every message read is accounted for: added, merged, updated, already
// archived or skipped with a reason, on every kind of export the tests know,
// the first time and again.
func TestEveryMessageReadIsAccountedFor(t *testing.T) {
	realistic := filepath.Join(t.TempDir(), "messages.json")
	if err := writeRealisticExport(realistic, 3000); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	for round := range 2 {
		for _, path := range []string{"testdata/quirks.json", realistic} {
			rep, err := Import(ctx, s, path, nil)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			skipped := 0
			for _, n := range rep.SkippedReasons() {
				skipped += n
			}
			if rep.Read == 0 || rep.Added+rep.Merged+rep.Updated+rep.Unchanged+skipped != rep.Read {
				t.Errorf("round %d, %s: read %d, accounted for %+v and %d skipped %v", round, path, rep.Read, rep.IngestResult, skipped, rep.SkippedReasons())
			}
		}
	}
}

// A dialog is named by the export's owner and the partner, also when the
// file gives userId after the conversations (Skype writes it first).
func TestADialogIsNamedByItsOwnerWhereverUserIDIs(t *testing.T) {
	for name, doc := range map[string]string{
		"first": `{"userId":"8:live:alice","conversations":[{"id":"8:bob","MessageList":[{"id":"1","originalarrivaltime":"2013-07-30T21:26:28Z","messagetype":"RichText","from":"8:bob","content":"hi"}]}]}`,
		"last":  `{"conversations":[{"id":"8:bob","MessageList":[{"id":"1","originalarrivaltime":"2013-07-30T21:26:28Z","messagetype":"RichText","from":"8:bob","content":"hi"}]}],"exportDate":"2020-07-06T20:55","userId":"8:live:alice"}`,
	} {
		t.Run(name, func(t *testing.T) {
			s, err := store.OpenDB(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rep, err := Import(context.Background(), s, writeFile(t, "messages.json", []byte(doc)), nil)
			if err != nil || rep.Owner != "live:alice" || rep.Added != 1 {
				t.Fatalf("report %+v (%v), want owner live:alice, 1 added", rep, err)
			}
			c, err := s.FindChat(context.Background(), "dialog:bob+live:alice")
			if err != nil || c.MessageCount != 1 || len(c.Members) != 2 {
				t.Errorf("the dialog: %+v (%v)", c, err)
			}
		})
	}
}
