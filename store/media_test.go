package store_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

func TestMediaIsKeptWholeOrNotAtAll(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	const id = "0-weu-d3-0123456789abcdef0123456789abcdef"
	if wrote, err := s.PutMediaPart(id, store.MediaContent, strings.NewReader("PNG bytes"), 9); err != nil || !wrote {
		t.Fatalf("put: %v %v", wrote, err)
	}
	if wrote, err := s.PutMediaPart(id, store.MediaContent, strings.NewReader("PNG bytes"), 9); err != nil || wrote {
		t.Errorf("the same size again was written: %v %v", wrote, err)
	}
	// A copy cut short leaves the kept file as it was, and no stray file.
	if _, err := s.PutMediaPart(id, store.MediaContent, iotest.ErrReader(io.ErrUnexpectedEOF), 20); err == nil {
		t.Error("a failed copy reported success")
	}
	if _, err := s.PutMediaPart(id, store.MediaContent, strings.NewReader("short"), 20); err == nil {
		t.Error("a short copy reported success")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "media", id+".1")); string(b) != "PNG bytes" {
		t.Errorf("the kept file holds %q", b)
	}
	if names := storetest.FolderNames(t, filepath.Join(dir, "media"), " "); names != id+".1" {
		t.Errorf("media folder holds %s", names)
	}
	if _, err := s.Media(id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an undescribed file is found: %v", err)
	}
	m := store.Media{ID: id, Name: `..\..\evil/"pic".png` + "\x00\u202e", Type: "Image/PNG; q=1", Size: 9}
	if wrote, err := s.PutMedia(m); err != nil || !wrote {
		t.Fatalf("describe: %v %v", wrote, err)
	}
	if wrote, _ := s.PutMedia(m); wrote {
		t.Error("the same description was written again")
	}
	got, err := s.Media(id)
	if err != nil || got.Name != `"pic".png` || got.Type != "image/png" || got.Size != 9 || got.ID != id {
		t.Errorf("description %+v (%v)", got, err)
	}
	f, err := s.OpenMedia(id, store.MediaContent)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := s.OpenMedia(id, store.MediaPreview); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a missing preview: %v", err)
	}
}

func TestMediaIDsNeverNameAPath(t *testing.T) {
	s := openStore(t, t.TempDir())
	for _, id := range []string{"", "..", "../x", "a/b", `a\b`, "a.b", ".x", "-x", "con", "COM1", "lpt9", "a b", strings.Repeat("a", 129), "é"} {
		if store.ValidMediaID(id) {
			t.Errorf("%q is taken as a document id", id)
		}
		if _, err := s.PutMediaPart(id, store.MediaContent, strings.NewReader("x"), 1); err == nil {
			t.Errorf("%q was written", id)
		}
		if _, err := s.Media(id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%q: %v", id, err)
		}
	}
	for _, id := range []string{"0-weu-d3-0123456789abcdef0123456789abcdef", "abc_DEF-1", "console"} {
		if !store.ValidMediaID(id) {
			t.Errorf("%q is refused", id)
		}
	}
	if got := store.CleanMediaType("text/html\r\nX: y"); got != "application/octet-stream" {
		t.Errorf("a broken type became %q", got)
	}
}
