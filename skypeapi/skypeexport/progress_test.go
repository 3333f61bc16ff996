package skypeexport

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// TestImportProgressIsBytesOfTheFile: bare, in a tar and gzip-compressed,
// progress counts bytes of the file itself, never goes back, and ends at
// the file's size, which is the total from the first call.
func TestImportProgressIsBytesOfTheFile(t *testing.T) {
	bare := filepath.Join(t.TempDir(), "messages.json")
	if err := writeRealisticExport(bare, 6000); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(bare)
	if err != nil {
		t.Fatal(err)
	}
	tarred := makeTar(t, []tarEntry{{name: "messages.json", body: string(doc)}})
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(tarred)
	zw.Close()
	for name, data := range map[string][]byte{"messages.json": doc, "export.tar": tarred, "export.tar.gz": zipped.Bytes()} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, name, data)
			s, err := store.OpenDB(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var calls [][2]int64
			if _, err := Import(context.Background(), s, path, func(done, total int64) { calls = append(calls, [2]int64{done, total}) }); err != nil {
				t.Fatal(err)
			}
			size := int64(len(data))
			if len(calls) < 3 || calls[len(calls)-1] != [2]int64{size, size} {
				t.Fatalf("%d calls ending %v, want several ending at %d of %d", len(calls), calls[len(calls)-1:], size, size)
			}
			for i, c := range calls {
				if c[1] != size || c[0] < 0 || c[0] > size || i > 0 && c[0] < calls[i-1][0] {
					t.Fatalf("call %d: %v (previous %v), total must be %d and done must not go back", i, c, calls[max(i-1, 0)], size)
				}
			}
			if mid := calls[len(calls)/2][0]; mid == 0 || mid == size {
				t.Errorf("halfway through the calls %d of %d bytes were read: not a progress", mid, size)
			}
		})
	}
}
