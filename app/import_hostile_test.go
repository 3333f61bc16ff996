package app_test

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	firstMedia  = "0-weu-d3-00000000000000000000000000000001"
	secondMedia = "0-weu-d3-00000000000000000000000000000002"
	hostileJSON = `{"userId": "8:alice", "exportDate": "2020-07-06T20:55", "conversations": [{"id": "8:bob", "displayName": null, "MessageList": [
		{"id": "10", "originalarrivaltime": "2020-07-06T17:20:10.5Z", "messagetype": "RichText", "conversationid": "8:bob",
		 "from": "8:bob", "displayName": "Bob", "content": "look at this"}]}]}`
)

// tarOf builds a tar of the headers and bodies given in turn.
func tarOf(t *testing.T, entries ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for i := 0; i < len(entries); i += 2 {
		h, body := entries[i].(*tar.Header), entries[i+1].(string)
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(body))
		}
		h.Mode = 0o644
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func reg(name string) *tar.Header { return &tar.Header{Name: name, Typeflag: tar.TypeReg} }

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportJSONArray: a top-level JSON array is said to be one, not
// "neither JSON nor a tar archive".
func TestImportJSONArray(t *testing.T) {
	path := writeTemp(t, "messages.json", []byte(" [{\"conversations\": []}]"))
	_, stderr, code := runMain(t, "import", "--data", t.TempDir(), path)
	if code == 0 || !strings.Contains(stderr, "a JSON array, not a Skype export") || strings.Contains(stderr, "neither JSON nor a tar") {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

// TestImportHardLinkedMedia: a hard link under media/ (tar keeps no bytes
// for it) does not become an empty file: it is left out and counted with
// the reason; the file it repeats is copied.
func TestImportHardLinkedMedia(t *testing.T) {
	data := t.TempDir()
	path := writeTemp(t, "export.tar", tarOf(t,
		reg("messages.json"), hostileJSON,
		reg("media/"+firstMedia+".1.png"), "\x89PNG picture bytes",
		&tar.Header{Name: "media/" + secondMedia + ".1.png", Typeflag: tar.TypeLink, Linkname: "media/" + firstMedia + ".1.png"}, ""))
	stdout, stderr, code := runMain(t, "import", "--data", data, path)
	if code != 0 || !strings.Contains(stdout, "1 media files copied") || !strings.Contains(stdout, "1 hard links in media/ left out") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(data, "media"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(e.Name(), secondMedia) || fi.Size() == 0 {
			t.Errorf("media folder holds %s (%d bytes)", e.Name(), fi.Size())
		}
	}
}

// TestImportTruncatedMedia: a tar cut off inside a media entry exits
// non-zero, saying that its media broke off and what was kept: the
// messages and the media file before the break; the cut file is not kept.
func TestImportTruncatedMedia(t *testing.T) {
	data := t.TempDir()
	whole := tarOf(t,
		reg("messages.json"), hostileJSON,
		reg("media/"+firstMedia+".1.png"), "\x89PNG the first picture",
		reg("media/"+secondMedia+".1.png"), strings.Repeat("the second picture ", 200))
	cut := whole[:bytes.Index(whole, []byte("the second picture"))+1000]
	path := writeTemp(t, "export.tar", cut)
	stdout, stderr, code := runMain(t, "import", "--data", data, path)
	if code == 0 {
		t.Fatalf("a cut media entry exits 0:\n%s\n%s", stdout, stderr)
	}
	if !strings.Contains(stdout, "1 messages added") || !strings.Contains(stderr, "its media broke off") ||
		!strings.Contains(stderr, "the messages and the 1 media files before the break are archived") {
		t.Errorf("stdout %q\nstderr %q", stdout, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(data, "media"))
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			kept = append(kept, e.Name())
		}
	}
	if len(kept) == 0 || slices.ContainsFunc(kept, func(name string) bool { return !strings.HasPrefix(name, firstMedia) }) {
		t.Errorf("media kept: %v; want only the first picture's", kept)
	}
}
