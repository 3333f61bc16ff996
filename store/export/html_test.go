package export_test

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store/export"
)

// memFolder is a feed.ExportFolder in memory.
type memFolder map[string]*bytes.Buffer

func (f memFolder) Create(name string) (io.WriteCloser, error) {
	b := &bytes.Buffer{}
	f[name] = b
	return nopCloser{b}, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// TestGoldenHTML: the html export (its writer lives with the web view's
// rows, in feed) writes the fixture as its golden files say: a page per
// chat named for the chat in a folder, and one page of every chat for a
// download (go test -update writes them anew; read the diff, or open
// them in a browser).
func TestGoldenHTML(t *testing.T) {
	s := fixture(t, false)
	ctx := context.Background()
	folder := memFolder{}
	st, err := export.Run(ctx, s, export.Filter{}, meta, feed.NewHTMLExport(ctx, s, folder), nil)
	if err != nil || st != (export.Stats{Chats: 3, Messages: 13}) {
		t.Fatalf("%+v, %v", st, err)
	}
	var names []string
	for name := range folder {
		names = append(names, name)
	}
	slices.Sort(names)
	if strings.Join(names, "|") != "Bob.html|Climbing ]0;pwned[2J look [31mhere[0m evil2J.html|Project X.html" {
		t.Errorf("pages %q", names)
	}
	for _, name := range names {
		golden(t, "html/"+strings.Map(func(r rune) rune {
			if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '.') {
				return '_'
			}
			return r
		}, name), folder[name].Bytes())
	}
	var page bytes.Buffer
	if _, err := export.Run(ctx, s, export.Filter{}, meta, feed.NewHTMLDownload(ctx, s, &page), nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "all.html", page.Bytes())
}
