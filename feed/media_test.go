package feed_test

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// Document ids of the files shared in mediaArchive's chat.
const (
	catID    = "0-weu-d3-0000000000000000000000000000000a"
	svgID    = "0-weu-d3-0000000000000000000000000000000b"
	htmlID   = "0-weu-d3-0000000000000000000000000000000c"
	clipID   = "0-weu-d3-0000000000000000000000000000000d"
	resumeID = "0-weu-d3-0000000000000000000000000000000e"
	goneID   = "0-weu-d3-0000000000000000000000000000000f"
)

// sharedFile is a file shared in the test export.
type sharedFile struct {
	id, objectType, name, contentType, ext, body string
	preview                                      string // a video's preview picture
	uriOnly                                      bool   // named by its uri alone, without doc_id
}

// mediaArchive imports, through the real importer, an export whose chat
// with bob shares a picture, an SVG, an HTML page, a video with a preview
// and a PDF with a name beyond ASCII, plus a picture the export lacks; one
// message has reactions. It serves the archive with the given token.
func mediaArchive(t *testing.T, token string) (*httptest.Server, string) {
	t.Helper()
	s := mediaStore(t)
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test", Token: token}).Handler())
	t.Cleanup(ts.Close)
	return ts, ts.URL + mediaChat
}

// mediaChat is the path of the chat page of mediaStore's chat, alice's
// dialog with bob.
var mediaChat = "/chats/" + url.PathEscape(store.WebID("dialog:alice+bob")) + "/"

// mediaStore is the archive mediaArchive serves.
func mediaStore(t *testing.T) *store.Store {
	t.Helper()
	files := []sharedFile{
		{id: catID, objectType: "Picture.1", name: "cat.png", contentType: "image/png", ext: "png", body: string(catPNG(t))},
		{id: svgID, objectType: "Picture.1", name: "evil.svg", contentType: "image/svg+xml", ext: "svg", body: `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`},
		{id: htmlID, objectType: "File.1", name: "evil.html", contentType: "text/html", ext: "html", body: `<script>alert(document.cookie)</script>`},
		{id: clipID, objectType: "Video.1/Message.1", name: "clip.mp4", contentType: "video/mp4", ext: "mp4", body: "not really a video", preview: string(catPNG(t))},
		{id: resumeID, objectType: "File.1", name: "résumé \"final\".pdf", contentType: "application/pdf", ext: "pdf", body: "%PDF-1.4", uriOnly: true},
	}
	var msgs []map[string]any
	add := func(content string, props map[string]any) {
		n := len(msgs)
		msgs = append(msgs, map[string]any{"id": fmt.Sprint(100 + n), "originalarrivaltime": fmt.Sprintf("2020-07-06T17:%02d:00Z", 59-n),
			"messagetype": "RichText/UriObject", "conversationid": "8:bob", "from": "8:bob", "displayName": "Bob", "content": content, "properties": props})
	}
	object := func(typ, id, name string, size int, uriOnly bool) string {
		docID := ` doc_id="` + id + `"`
		if uriOnly {
			docID = ""
		}
		return fmt.Sprintf(`<URIObject type="%s" uri="https://api.asm.skype.com/v1/objects/%s"%s width="64" height="48">To view this, go to: `+
			`<a href="https://login.skype.com/login/sso?docid=%s">https://login.skype.com/login/sso?docid=%s</a><OriginalName v="%s"/><FileSize v="%d"/></URIObject>`,
			typ, id, docID, id, id, strings.ReplaceAll(name, `"`, "&quot;"), size)
	}
	entries := map[string]string{}
	var order []string
	put := func(name, body string) { entries[name] = body; order = append(order, name) }
	for _, f := range files {
		add(object(f.objectType, f.id, f.name, len(f.body), f.uriOnly), nil)
		desc := map[string]any{"filename": f.name, "contents": map[string]any{"1": map[string]string{"type": f.contentType}}}
		put("media/"+f.id+".1."+f.ext, f.body)
		if f.preview != "" {
			desc["contents"].(map[string]any)["2"] = map[string]string{"type": "image/png"}
			put("media/"+f.id+".2.png", f.preview)
		}
		put("media/"+f.id+".json", string(must(json.Marshal(desc))))
	}
	add(object("Picture.1", goneID, "gone.png", 1234, false), nil)
	add("what do you think?", map[string]any{"emotions": `[{"key":"like","users":[{"mri":"8:alice","time":1594056040000},{"mri":"8:live:carol","time":1594056041000}]},{"key":"heart","users":[{"mri":"8:alice","time":1594056042000}]}]`})
	msgs = append(msgs, map[string]any{"id": "99", "originalarrivaltime": "2020-07-06T17:00:00Z", "messagetype": "RichText",
		"conversationid": "8:bob", "from": "8:alice", "displayName": "Alice", "content": "hi bob"})
	export := map[string]any{"userId": "8:alice", "exportDate": "2020-07-06T20:55",
		"conversations": []any{map[string]any{"id": "8:bob", "displayName": nil, "MessageList": msgs}}}
	put("messages.json", string(must(json.Marshal(export))))

	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range order {
		body := entries[name]
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "export.tar")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for range 2 { // twice: nothing doubles
		if _, err := skypeexport.Import(t.Context(), s, path, nil); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// catPNG is a small real picture.
func catPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{uint8(4 * x), uint8(5 * y), 160, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestChatPageShowsKeptPicturesAndLinksFiles(t *testing.T) {
	_, page := mediaArchive(t, "")
	code, body, h := get(t, page)
	if code != 200 {
		t.Fatalf("chat page: %d", code)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self'") {
		t.Errorf("the page's CSP does not allow its own pictures: %q", csp)
	}
	for _, want := range []string{
		`<a class="media" href="/media/` + catID + `"><img src="/media/` + catID + `" alt="cat.png" loading="lazy" width="64" height="48"></a>`,
		`Picture: <a href="/media/` + catID + `" rel="nofollow noopener">cat.png</a>`,
		`<img src="/media/` + clipID + `/preview" alt="clip.mp4"`,
		`File: <a href="/media/` + htmlID + `" rel="nofollow noopener">evil.html</a>`,
		`Picture: <a href="/media/` + svgID + `" rel="nofollow noopener">evil.svg</a>`,
		`File: <a href="/media/` + resumeID + `" rel="nofollow noopener">résumé "final".pdf</a> (8 bytes)`,
		`Picture: <a href="https://api.asm.skype.com/v1/objects/` + goneID + `" rel="nofollow noopener">gone.png</a> (1 KB) · not in the archive`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	for _, id := range []string{svgID, htmlID, resumeID} {
		if strings.Contains(body, `<img src="/media/`+id) {
			t.Errorf("%s is shown inline", id)
		}
	}
	// Reactions, once each though the export was imported twice.
	for _, want := range []string{`<li title="Alice, live:carol">👍 2</li>`, `<li title="Alice">❤️ 1</li>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks the reaction %s", want)
		}
	}
	if n := strings.Count(body, `class="reactions"`); n != 1 {
		t.Errorf("%d messages show reactions, want 1", n)
	}
}

func TestMediaAreServedSafely(t *testing.T) {
	ts, _ := mediaArchive(t, "")
	cases := []struct {
		path, typ, disposition string
	}{
		{"/media/" + catID, "image/png", `inline; filename=cat.png`},
		{"/media/" + clipID + "/preview", "image/png", `inline; filename="preview of clip.mp4"`},
		{"/media/" + svgID, "image/svg+xml", `attachment; filename=evil.svg`},
		{"/media/" + htmlID, "text/html", `attachment; filename=evil.html`},
		{"/media/" + clipID, "video/mp4", `attachment; filename=clip.mp4`},
		{"/media/" + resumeID, "application/pdf", `attachment; filename*=utf-8''r%C3%A9sum%C3%A9%20%22final%22.pdf`},
	}
	for _, c := range cases {
		code, body, h := get(t, ts.URL+c.path)
		if code != 200 || h.Get("Content-Type") != c.typ || h.Get("Content-Disposition") != c.disposition {
			t.Errorf("%s: %d %q %q", c.path, code, h.Get("Content-Type"), h.Get("Content-Disposition"))
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Content-Security-Policy") != "sandbox" ||
			!strings.Contains(h.Get("Cache-Control"), "immutable") || h.Get("ETag") == "" {
			t.Errorf("%s: headers %v", c.path, h)
		}
		if c.path == "/media/"+catID && body != string(catPNG(t)) {
			t.Errorf("the picture's bytes differ")
		}
	}
	for _, path := range []string{"/media/" + goneID, "/media/" + catID + "/preview", "/media/..%2F..%2Fchatchannels.db",
		"/media/" + catID + ".json", "/media/" + catID + ".1", "/media/con"} {
		if code, _, _ := get(t, ts.URL+path); code != 404 {
			t.Errorf("%s: %d, want 404", path, code)
		}
	}
	// A range request (video players make them) gets its part.
	req, _ := http.NewRequest("GET", ts.URL+"/media/"+clipID, nil)
	req.Header.Set("Range", "bytes=4-9")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var part bytes.Buffer
	part.ReadFrom(res.Body)
	if res.StatusCode != http.StatusPartialContent || part.String() != "really" {
		t.Errorf("range: %d %q", res.StatusCode, part.String())
	}
}

func TestMediaNeedTheTokenWhenPublished(t *testing.T) {
	const token = "s3cret-token_0123456789abcdefABCDEF"
	ts, page := mediaArchive(t, token)
	code, body, _ := get(t, page+"?t="+token)
	if code != 200 {
		t.Fatalf("chat page: %d", code)
	}
	srcs := regexp.MustCompile(`(?:src|href)="(/media/[^"]*)"`).FindAllStringSubmatch(body, -1)
	if len(srcs) != 9 { // a link and a picture for the picture and the video, a link for each file
		t.Fatalf("%d links to media, want 9", len(srcs))
	}
	for _, m := range srcs {
		u := strings.ReplaceAll(m[1], "&amp;", "&")
		if !strings.HasSuffix(u, "?t="+token) {
			t.Errorf("link %s lacks the token", u)
		}
		if code, _, _ := get(t, ts.URL+u); code != 200 {
			t.Errorf("%s: %d", u, code)
		}
	}
	if code, _, _ := get(t, ts.URL+"/media/"+catID); code != http.StatusForbidden {
		t.Errorf("a picture without the token: %d", code)
	}
}

// A chat's feed shows the kept pictures too, at absolute addresses (feed
// readers resolve no relative links), and links the files.
func TestFeedShowsKeptPictures(t *testing.T) {
	ts, page := mediaArchive(t, "")
	code, body, _ := get(t, page+"feed.atom")
	if code != 200 {
		t.Fatalf("feed: %d", code)
	}
	f, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	var content string
	for _, item := range f.Items {
		content += item.Content
	}
	for _, want := range []string{
		`<img src="` + ts.URL + `/media/` + catID + `" alt="cat.png"`,
		`File: <a href="` + ts.URL + `/media/` + htmlID + `" rel="nofollow noopener">evil.html</a>`,
	} {
		if !strings.Contains(content, want) {
			t.Errorf("the feed lacks %s", want)
		}
	}
	if strings.Contains(content, `<img src="/media/`) {
		t.Error("the feed links a picture by a relative address")
	}
}
