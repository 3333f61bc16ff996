package skypeexport

import (
	"archive/tar"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// tarEntry is one member of a synthetic tar.
type tarEntry struct {
	name string
	body string
	dir  bool
}

// makeTar builds an uncompressed tar like the Skype export.
func makeTar(t testing.TB, entries []tarEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: tar.TypeReg}
		if e.dir {
			h = &tar.Header{Name: e.name, Mode: 0o755, Typeflag: tar.TypeDir}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if !e.dir {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile writes data to a temp file named name and returns its path.
func writeFile(t testing.TB, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

type got struct {
	convs []Conversation // from onConversation
	msgs  []Message
	mconv []Conversation // conversation passed with each message
}

// collect opens path and walks it fully.
func collect(t testing.TB, path string) (*Export, got, error) {
	t.Helper()
	e, err := Open(path)
	if err != nil {
		return nil, got{}, err
	}
	t.Cleanup(func() { e.Close() })
	var g got
	err = e.Walk(func(c Conversation, m Message) error {
		g.msgs = append(g.msgs, m)
		g.mconv = append(g.mconv, c)
		return nil
	}, func(c Conversation) error {
		g.convs = append(g.convs, c)
		return nil
	})
	return e, g, err
}

// importFresh imports the export at path into a new archive, opened
// without its index, and returns the report and the archive (closed when
// the test ends).
func importFresh(t *testing.T, path string) (Report, *store.Store) {
	t.Helper()
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	rep, err := Import(context.Background(), s, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep, s
}
