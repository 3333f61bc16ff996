package export_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

var update = flag.Bool("update", false, "write the golden files anew from what the writers write")

// meta is the fixed description the golden files are written with: a
// zone two hours east of UTC, so that txt's local times show.
var meta = export.Meta{Generator: "chatchannels test", ExportedAt: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC),
	Location: time.FixedZone("CEST", 2*60*60)}

// formats are the writers under test, by the name of their golden file.
var formats = map[string]func(w *bytes.Buffer) export.Writer{
	"txt":  func(w *bytes.Buffer) export.Writer { return export.NewText(w) },
	"csv":  func(w *bytes.Buffer) export.Writer { return export.NewCSV(w) },
	"json": func(w *bytes.Buffer) export.Writer { return export.NewJSON(w) },
}

// run exports s with a format and filter.
func run(t testing.TB, s *store.Store, format string, f export.Filter) ([]byte, export.Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := export.Run(context.Background(), s, f, meta, formats[format](&buf), nil)
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes(), st
}

// TestGolden: every format writes the fixture as its golden file says
// (go test -update writes them anew; read the diff).
func TestGolden(t *testing.T) {
	s := fixture(t, false)
	for format := range formats {
		got, st := run(t, s, format, export.Filter{})
		if st != (export.Stats{Chats: 3, Messages: 13}) {
			t.Errorf("%s: %+v", format, st)
		}
		golden(t, "all."+format, got)
	}
}

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name)+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}
