package skypeexport

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

// archiveDump lists everything an archive holds (see storetest.Dump).
func archiveDump(t *testing.T, s *store.Store) string {
	t.Helper()
	d, err := storetest.Dump(context.Background(), s, storetest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestImportOfABrokenExportResumes: an export cut short, or malformed in
// the middle, fails naming the file and the byte; the archive then holds
// whole batches only (no edited message without the copies before the
// break), and importing the mended export completes it: the archive
// equals one made from the mended export alone, nothing twice.
func TestImportOfABrokenExportResumes(t *testing.T) {
	good := filepath.Join(t.TempDir(), "messages.json")
	if err := writeRealisticExport(good, 3*importBatch); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	reference := func() string {
		s, err := store.OpenDB(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := Import(context.Background(), s, good, nil); err != nil {
			t.Fatal(err)
		}
		return archiveDump(t, s)
	}()
	cut := len(data) * 3 / 5
	malformed := bytes.Clone(data)
	at := cut + bytes.Index(malformed[cut:], []byte(`"messagetype":`))
	copy(malformed[at:], `"messagetype";`)
	for name, broken := range map[string][]byte{"truncated": data[:cut], "malformed": malformed} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "messages.json")
			os.WriteFile(path, broken, 0o600)
			s, err := store.OpenDB(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			rep, err := Import(ctx, s, path, nil)
			if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "at byte") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("got %v, want one line naming the file and the byte", err)
			}
			n := rep.Added + rep.Updated
			if n == 0 || (rep.Added+rep.Updated+rep.Unchanged)%importBatch > 10 {
				t.Errorf("before the break: %+v; want whole batches of about %d", rep.IngestResult, importBatch)
			}
			partial := archiveDump(t, s)
			for _, line := range strings.Split(partial, "\n") {
				if strings.HasPrefix(line, "  was ") && !strings.Contains(reference, line) {
					t.Errorf("a version that is not in the full import: %s", line)
				}
			}
			if strings.Count(partial, "\n  was ") > 0 && strings.Count(partial, "(typo)") == 0 {
				t.Error("edited messages lack their earlier copies")
			}
			// The mended export completes the archive.
			again, err := Import(ctx, s, good, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := archiveDump(t, s); got != reference {
				t.Errorf("after resuming, the archive differs from one import of the whole export (resumed: %+v)", again.IngestResult)
			}
		})
	}
}

// TestImportOfATruncatedTarChangesNothing: a tar cut inside messages.json
// fails before any message is read.
func TestImportOfATruncatedTarChangesNothing(t *testing.T) {
	doc := `{"userId":"8:alice","conversations":[{"id":"8:bob","MessageList":[{"id":"1","originalarrivaltime":"2013-07-30T21:26:28Z","messagetype":"RichText","from":"8:bob","content":"hi"}]}]}`
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tw.WriteHeader(&tar.Header{Name: "messages.json", Mode: 0o644, Size: int64(len(doc)), Typeflag: tar.TypeReg})
	tw.Write([]byte(doc))
	tw.Close()
	path := writeFile(t, "export.tar", buf.Bytes()[:512+len(doc)/2])
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Import(context.Background(), s, path, nil); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("got %v, want an error naming the file", err)
	}
	if c, _ := s.Counts(context.Background()); c.Messages != 0 || c.Chats != 0 {
		t.Errorf("the failed import left %+v", c)
	}
}
