package skypeexport_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// TestImportReader: an export read once from a stream (a pipe, standard
// input) archives what the same file would, and says that its media were
// left out rather than pretending there were none.
func TestImportReader(t *testing.T) {
	ctx := context.Background()
	tarBytes, err := os.ReadFile(mediaExport(t))
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer fromFile.Close()
	want, err := skypeexport.Import(ctx, fromFile, mediaExport(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(tarBytes)
	zw.Close()
	for name, stream := range map[string][]byte{"tar": tarBytes, "tar.gz": zipped.Bytes()} {
		s, err := store.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		var lastDone, lastTotal int64
		rep, err := skypeexport.ImportReader(ctx, s, struct{ *bytes.Reader }{bytes.NewReader(stream)}, "standard input",
			func(done, total int64) { lastDone, lastTotal = done, total })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(rep.IngestResult, want.IngestResult) || rep.Reactions != want.Reactions || rep.Conversations != want.Conversations {
			t.Errorf("%s: %+v; from the file %+v", name, rep, want)
		}
		if !rep.MediaUnread || rep.MediaCopied != 0 || !strings.Contains(rep.MediaAndReactions(), "not copied from a stream") {
			t.Errorf("%s: media %+v %q; want them reported as left out", name, rep.MediaReport, rep.MediaAndReactions())
		}
		if lastTotal != 0 || lastDone != int64(len(stream)) {
			t.Errorf("%s: progress ended at %d of %d; want all %d bytes, total unknown", name, lastDone, lastTotal, len(stream))
		}
		s.Close()
	}
	if _, err := skypeexport.ImportReader(ctx, fromFile, strings.NewReader("not an export"), "standard input", nil); err == nil ||
		!strings.Contains(err.Error(), "standard input") {
		t.Errorf("not an export: %v", err)
	}
}
