package feed_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

// dirFolder is a feed.ExportFolder on disk, written straight under the
// final names (the command line's folder, which writes beside them and
// renames, is app's and tested there).
type dirFolder string

func (d dirFolder) Create(name string) (io.WriteCloser, error) {
	path := filepath.Join(string(d), filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return os.Create(path)
}

// bigPicture keeps a picture too large to embed (noise, so that PNG
// cannot shrink it) and adds a message sharing it to mediaStore's chat;
// it returns the picture's file name.
func bigPicture(t *testing.T, s *store.Store) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 200))
	r := rand.New(rand.NewPCG(1, 2))
	for x := range 300 {
		for y := range 200 {
			img.Set(x, y, color.RGBA{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256)), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if b.Len() <= 128<<10 {
		t.Fatalf("the big picture is only %d bytes", b.Len())
	}
	const id = "0-weu-d1-bigpicture0123456789abcdef"
	if _, err := s.PutMediaPart(id, store.MediaContent, bytes.NewReader(b.Bytes()), int64(b.Len())); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PutMedia(store.Media{ID: id, Name: "noise.png", Type: "image/png", Size: int64(b.Len())}); err != nil {
		t.Fatal(err)
	}
	body := fmt.Sprintf(`<URIObject type="Picture.1" uri="https://api.asm.skype.com/v1/objects/%s" doc_id="%s" width="300" height="200">`+
		`<OriginalName v="noise.png"/><FileSize v="%d"/></URIObject>`, id, id, b.Len())
	if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: "dialog:alice+bob", Source: "test", Ref: "big", Author: "bob",
		AuthorName: "Bob", Time: time.Date(2020, 7, 6, 18, 30, 0, 0, time.UTC), Type: "SAID", Body: body}}); err != nil {
		t.Fatal(err)
	}
	return "noise.png"
}

// TestHTMLExportInABrowser: the html export of a chat with pictures (a
// small one embedded, a large one beside the page, a video's preview) and
// a link to a server on loopback opens from a file:// address in headless
// Chromium: the messages and the pictures show, the page holds no script,
// and it asks nothing of any server: its only resources are files, and
// the server linked from a message hears nothing. A screenshot is saved as
// export-html.png ($CHATCHANNELS_SCREENSHOTS, else a temporary folder).
func TestHTMLExportInABrowser(t *testing.T) {
	driver := lookChromedriver(t)
	s := mediaStore(t)
	bigPicture(t, s)
	var asked atomic.Int64
	watch := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { asked.Add(1) }))
	t.Cleanup(watch.Close)
	if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: "dialog:alice+bob", Source: "test", Ref: "link", Author: "alice",
		AuthorName: "Alice", Time: time.Date(2020, 7, 6, 18, 31, 0, 0, time.UTC), Type: "SAID",
		Body: `see <a href="` + watch.URL + `/page">this</a> and <img src="` + watch.URL + `/pixel.png"> &lt;script&gt;alert(1)&lt;/script&gt;`}}); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	ctx := context.Background()
	meta := export.Meta{Generator: "chatchannels test", ExportedAt: time.Now(), Location: time.Local}
	st, err := export.Run(ctx, s, export.Filter{}, meta, feed.NewHTMLExport(ctx, s, dirFolder(dir)), nil)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "Bob.html")
	beside, _ := filepath.Glob(filepath.Join(dir, "Bob_files", "*"))
	var names []string
	for _, f := range beside {
		names = append(names, filepath.Base(f))
	}
	// The large picture, the video and the files that are no pictures are
	// beside the page; the cat (and the video's preview) are embedded.
	want := "0-weu-d1-bigpicture0123456789abcdef.png " + svgID + ".svg " + htmlID + ".html " + clipID + ".mp4 " + resumeID + ".pdf"
	if strings.Join(names, " ") != want {
		t.Errorf("%+v; beside the page: %q", st, names)
	}

	shots := os.Getenv("CHATCHANNELS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	wd := startWebDriver(t, driver)
	wd.navigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String())
	wd.waitFor(`return document.readyState === 'complete' && Array.from(document.querySelectorAll('img')).every(i => i.complete)`)
	if got := wd.eval(`return document.querySelectorAll('li[id^="m-"]').length`); got != fmt.Sprint(st.Messages) {
		t.Errorf("the page shows %s messages, want %d", got, st.Messages)
	}
	visible := wd.eval(`const r = document.querySelector('li.message .body').getBoundingClientRect();
		return r.height > 0 && r.width > 0 && r.top < innerHeight && getComputedStyle(document.querySelector('.badge')).backgroundColor !== 'rgba(0, 0, 0, 0)'`)
	if visible != "true" {
		t.Errorf("the first message is not on screen, or the badges are unstyled (the inline style sheet not applied)")
	}
	text := wd.eval(`return document.body.innerText`)
	for _, want := range []string{"what do you think?", "hi bob", "<script>alert(1)</script>", "👍 2", "Bob"} {
		if !strings.Contains(text, want) {
			t.Errorf("the page does not show %q: %s", want, text)
		}
	}
	got := wd.eval(`return Array.from(document.querySelectorAll('img')).map(i => i.alt + ' ' + i.naturalWidth + 'x' + i.naturalHeight + ' ' + i.src.slice(0, 5)).join(', ')`)
	if got != "clip.mp4 64x48 data:, cat.png 64x48 data:, noise.png 300x200 file:" {
		t.Errorf("pictures shown: %q", got)
	}
	if got := wd.eval(`return document.scripts.length + ' ' + document.querySelectorAll('[onload],[onerror],[onclick]').length`); got != "0 0" {
		t.Errorf("scripts and handlers: %s, want none", got)
	}
	if got := wd.eval(`return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file:') && !n.startsWith('data:')).join(' ')`); got != "" {
		t.Errorf("the page asked for %s", got)
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("the server linked from a message was asked %d times", n)
	}
	wd.fullScreenshot(filepath.Join(shots, "export-html.png"))
	t.Logf("screenshot in %s", shots)
}
