package maindb_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// An archive made by the version before dialogs were named by their two
// people (testdata/archive-v4: see its README) holds what that version
// made of oldFiles: alice's, carol's and dave's dialogs with bob folded into
// one chat; alice's, erin's and frank's dialogs with carol into another;
// the migrated group split in two.

// Two more people whose exports each hold a dialog "8:carol".
var (
	dialogCE = truthConv{"dialog:carol+erin", []string{"carol", "erin"}, talk(t0+90*60_000,
		"erin: carol, erin here", "carol: hi erin", "erin: see you")}
	dialogCF = truthConv{"dialog:carol+frank", []string{"carol", "frank"}, talk(t0+91*60_000,
		"frank: carol, frank here", "carol: hi frank", "frank: bye")}
)

// oldFiles writes the files the old archive was made from, in the order it
// imported them: alice's and carol's main.db, the exports of live:dave,
// erin and frank.
func oldFiles(t testing.TB, dir string) []string {
	dbs := mainDBs()
	return []string{dbs[0].write(t, dir), dbs[2].write(t, dir),
		writeExport(t, dir, "live:dave", exports()["live:dave"]),
		writeExport(t, dir, "erin", []exportConv{{id: "8:carol", msgs: dialogCE.msgs}}),
		writeExport(t, dir, "frank", []exportConv{{id: "8:carol", msgs: dialogCF.msgs}}),
	}
}

// allFiles are the old files and bob's, which the old archive never saw.
func allFiles(t testing.TB, dir string) []string {
	return append(oldFiles(t, dir), mainDBs()[1].write(t, dir), writeExport(t, dir, "bob", exports()["bob"]))
}

// oldArchive copies the archive the earlier version made into a new data
// folder.
func oldArchive(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/archive-v4/" + store.DBFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, store.DBFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chatTexts lists a chat's messages as "author: text", or fails.
func chatTexts(t *testing.T, s *store.Store, name string) (store.Chat, []string) {
	t.Helper()
	ctx := context.Background()
	c, err := s.FindChat(ctx, name)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return c, nil
	}
	msgs, err := s.ChatMessages(ctx, c.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range msgs {
		out = append(out, m.Author+": "+m.Text)
	}
	return c, out
}

func lines(msgs []said) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.author+": "+m.body)
	}
	return out
}

// Opening the old archive names its dialogs by their pairs and splits the
// chats it had folded together, message by message; the re-imported files
// then complete it to the whole history, and importing them again changes
// nothing.
func TestAnEarlierArchiveIsUpgraded(t *testing.T) {
	ctx := context.Background()
	dir := oldArchive(t)
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// What the old version archived of each dialog, now each in its own chat.
	for _, want := range []truthConv{dialogAB, dialogAC, dialogBC, dialogBD, dialogCE, dialogCF} {
		if _, got := chatTexts(t, s, want.name); !slices.Equal(got, lines(want.msgs)) {
			t.Errorf("after the upgrade %s holds\n%s\nwant\n%s", want.name, strings.Join(got, "\n"), strings.Join(lines(want.msgs), "\n"))
		}
	}
	// Addresses given out still lead somewhere: the folded chat's name to
	// the dialog it was named for.
	if c, err := s.FindChat(ctx, "#alice/$bob;a1b2c3d4e5f60718"); err != nil || c.MessageCount != len(dialogAB.msgs) {
		t.Errorf("alice's name of her dialog with bob: %+v (%v)", c, err)
	}
	if c, err := s.FindChat(ctx, "#carol/$bob;1234abcd5678ef90"); err != nil || c.Name != "#carol/$bob;1234abcd5678ef90" && !strings.HasPrefix(c.Name, "dialog:bob+carol") {
		t.Errorf("carol's name of her dialog with bob leads to %+v (%v)", c, err)
	}
	paths := allFiles(t, t.TempDir())
	for round := range 2 {
		for _, path := range paths {
			read, res, skipped, err := importAny(ctx, s, path)
			if err != nil {
				t.Fatalf("round %d: import %s into the upgraded archive: %v", round, path, err)
			}
			if got := res.Added + res.Merged + res.Updated + res.Unchanged + skipped; got != read {
				t.Errorf("%s: read %d, accounted for %d", path, read, got)
			}
			if round == 1 && res.Added+res.Merged+res.Updated != 0 {
				t.Errorf("%s again changed the upgraded archive: %+v", path, res)
			}
		}
		for _, want := range append(slices.Clone(history), dialogCE, dialogCF) {
			if _, got := chatTexts(t, s, want.name); !slices.Equal(got, lines(want.msgs)) {
				t.Errorf("round %d: %s holds\n%s\nwant\n%s", round, want.name, strings.Join(got, "\n"), strings.Join(lines(want.msgs), "\n"))
			}
		}
		chats, err := s.Chats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(chats) != len(history)+2 {
			var names []string
			for _, c := range chats {
				names = append(names, c.Name)
			}
			t.Errorf("round %d: %d chats %q, want %d", round, len(chats), names, len(history)+2)
		}
	}
}
