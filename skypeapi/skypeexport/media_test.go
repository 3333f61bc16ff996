package skypeexport_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// Document ids of the shared files in mediaExport.
const (
	pictureID = "0-weu-d3-00000000000000000000000000000001"
	svgID     = "0-weu-d3-00000000000000000000000000000002"
	htmlID    = "0-weu-d3-00000000000000000000000000000003"
	videoID   = "0-weu-d3-00000000000000000000000000000004"
	expiredID = "0-weu-d3-00000000000000000000000000000005"
)

// entry is a member of a synthetic tar: a regular file unless hdr says
// otherwise.
type entry struct {
	name, body string
	hdr        *tar.Header
}

// writeTar writes a tar of entries to a new file and returns its path.
func writeTar(t testing.TB, entries []entry) string {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := e.hdr
		if h == nil {
			h = &tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: tar.TypeReg}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write([]byte(e.body)); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "8_alice_export.tar")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// uriObject is the content of a message sharing a file.
func uriObject(typ, id, name string, size int) string {
	return `<URIObject type="` + typ + `" uri="https://api.asm.skype.com/v1/objects/` + id + `" url_thumbnail="https://api.asm.skype.com/v1/objects/` + id +
		`/views/imgt1" doc_id="` + id + `" width="64" height="48">To view this file, go to: <a href="https://login.skype.com/login/sso?go=webclient.xmm&amp;docid=` + id +
		`">https://login.skype.com/login/sso?go=webclient.xmm&amp;docid=` + id + `</a><OriginalName v="` + name + `"/><FileSize v="` + strconv.Itoa(size) + `"/></URIObject>`
}

// mediaMessages is a messages.json sharing a picture, an SVG, an HTML page
// and a video, with reactions given as a list and as a JSON string.
func mediaMessages() string {
	msg := func(id, typ, content, extra string) string {
		return `{"id": "` + id + `", "originalarrivaltime": "2020-07-06T17:20:` + id + `.5Z", "messagetype": "` + typ + `", "conversationid": "8:bob",
		 "from": "8:bob", "displayName": "Bob", "content": ` + quote(content) + extra + `}`
	}
	emotions := `[{"key": "like", "users": [{"mri": "8:alice", "time": 1594056040000, "value": "1"}, {"mri": "8:live:carol", "time": 1594056041000}]},
		{"key": "heart", "users": [{"mri": "8:alice", "time": 1594056042000}]}]`
	return `{"userId": "8:alice", "exportDate": "2020-07-06T20:55", "conversations": [{"id": "8:bob", "displayName": null, "MessageList": [` +
		msg("15", "RichText/Media_Video", uriObject("Video.1/Message.1", videoID, "clip.mp4", 11), `, "amsreferences": ["`+videoID+`"]`) + `,` +
		msg("14", "RichText/Media_GenericFile", uriObject("File.1", htmlID, "page.html", 40), `, "amsreferences": ["`+htmlID+`"]`) + `,` +
		msg("13", "RichText/Media_GenericFile", uriObject("File.1", svgID, "evil.svg", 52), `, "amsreferences": ["`+svgID+`"]`) + `,` +
		msg("12", "RichText/UriObject", uriObject("Picture.1", pictureID, "cat.png", 8), `, "amsreferences": ["`+pictureID+`"], "properties": {"emotions": `+quote(emotions)+`}`) + `,` +
		msg("11", "RichText/UriObject", uriObject("Picture.1", expiredID, "gone.png", 9), `, "amsreferences": ["`+expiredID+`"]`) + `,` +
		msg("10", "RichText", "look at this", `, "properties": {"emotions": `+emotions+`}`) +
		`]}]}`
}

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// The files shared: what matters is that they are copied as they are.
const (
	pictureBytes = "\x89PNG\r\n\x1a\n"
	svgBytes     = `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`
	htmlBytes    = `<script>alert(document.cookie)</script>`
)

// mediaExport is an export tar with media before and after messages.json,
// and hostile entries: names that climb out of the folder, a symbolic link,
// a description that is not JSON, an SVG and an HTML page.
func mediaExport(t testing.TB) string {
	return writeTar(t, []entry{
		{name: "media/", hdr: &tar.Header{Name: "media/", Typeflag: tar.TypeDir, Mode: 0o755}},
		{name: "media/" + pictureID + ".json", body: `{"expiry_date": 1700000000, "filename": "cat.png", "contents": {"1": {"type": "image/png"}}}`},
		{name: "media/" + pictureID + ".1.png", body: pictureBytes},
		{name: "../escape", body: "out"},
		{name: "media/../../escape2", body: "out"},
		{name: "media/x/../../../escape3.1.png", body: "out"},
		{name: "./media/" + expiredID + ".json", body: `{"filename": "gone.png", "contents": {"1": {"type": "image/png"}}}`},
		{name: "media/" + videoID + ".9.png", body: "unknown part"},
		{name: "media/" + svgID + ".1.svg", hdr: &tar.Header{Name: "media/" + svgID + ".1.svg", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd", Mode: 0o777}},
		{name: "messages.json", body: mediaMessages()},
		{name: "media/" + svgID + ".1.svg", body: svgBytes},
		{name: "media/" + svgID + ".json", body: `{"filename": "../../evil.svg", "contents": {"1": {"type": "image/svg+xml"}}}`},
		{name: "media/" + htmlID + ".1.html", body: htmlBytes},
		{name: "media/" + htmlID + ".json", body: `{"filename": "page.html", "contents": {"1": {"type": "text/html"}}}`},
		{name: "media/" + videoID + ".1.mp4", body: "not a video"},
		{name: "media/" + videoID + ".2.jpg", body: "\xff\xd8\xff preview"},
		{name: "media/" + videoID + ".json", body: `{"filename": "clip.mp4", "contents": {"1": {"type": "video/mp4"}, "2": {"type": "image/jpeg"}}}`},
		{name: "media/" + htmlID + "x.json", body: `{not json`},
		{name: "endpoints.json", body: `{"endpoints": []}`},
	})
}

func TestImportCopiesMediaAndNothingEscapes(t *testing.T) {
	root := t.TempDir()
	data := filepath.Join(root, "data")
	s, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	path := mediaExport(t)
	rep, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Five parts copied; the unknown part, the link, the bad description
	// and the name that climbs out of media/ by a folder are left out.
	if rep.MediaCopied != 5 || rep.MediaKept != 0 || rep.MediaSkipped != 5 || rep.MediaDamage != nil || rep.Added != 6 || rep.Reactions != 6 {
		t.Errorf("report %+v", rep)
	}
	want := []string{pictureID + ".1", pictureID + ".json", svgID + ".1", svgID + ".json", htmlID + ".1", htmlID + ".json",
		videoID + ".1", videoID + ".2", videoID + ".json"}
	if got := names(t, filepath.Join(data, store.MediaDir)); !slices.Equal(got, want) {
		t.Errorf("the media folder holds\n%q\nwant\n%q", got, want)
	}
	for _, dir := range []string{root, data, filepath.Dir(path), filepath.Dir(filepath.Dir(path))} {
		for _, n := range names(t, dir) {
			if strings.HasPrefix(n, "escape") {
				t.Errorf("%s escaped into %s", n, dir)
			}
		}
	}
	if b, _ := os.ReadFile(filepath.Join(data, store.MediaDir, pictureID+".1")); string(b) != pictureBytes {
		t.Errorf("the picture holds %q", b)
	}
	if b, _ := os.ReadFile(filepath.Join(data, store.MediaDir, svgID+".1")); string(b) != svgBytes {
		t.Errorf("the SVG holds %q, not the tar's file (a link was followed?)", b)
	}
	for id, want := range map[string]store.Media{
		pictureID: {ID: pictureID, Name: "cat.png", Type: "image/png", Size: int64(len(pictureBytes))},
		svgID:     {ID: svgID, Name: "evil.svg", Type: "image/svg+xml", Size: int64(len(svgBytes))},
		htmlID:    {ID: htmlID, Name: "page.html", Type: "text/html", Size: int64(len(htmlBytes))},
		videoID:   {ID: videoID, Name: "clip.mp4", Type: "video/mp4", Size: 11, PreviewType: "image/jpeg"},
	} {
		if got, err := s.Media(id); err != nil || got != want {
			t.Errorf("%s: %+v (%v), want %+v", id, got, err, want)
		}
	}

	// Again: everything is already there.
	before := modTimes(t, filepath.Join(data, store.MediaDir))
	again, err := skypeexport.Import(ctx, s, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.MediaCopied != 0 || again.MediaKept != 5 || again.Added+again.Merged+again.Updated != 0 || again.Reactions != 0 {
		t.Errorf("again: %+v", again)
	}
	if after := modTimes(t, filepath.Join(data, store.MediaDir)); !slices.Equal(before, after) {
		t.Errorf("a second import rewrote files: %v, then %v", before, after)
	}
	if !strings.Contains(rep.MediaAndReactions(), "5 media files copied, 0 already archived") ||
		!strings.Contains(again.MediaAndReactions(), "0 media files copied, 5 already archived") {
		t.Errorf("summaries %q, %q", rep.MediaAndReactions(), again.MediaAndReactions())
	}
}

// TestImportKeepsReactions: reactions given as a list and as a JSON string
// both reach the messages, once each however often the export is imported.
func TestImportKeepsReactions(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	path := mediaExport(t)
	for range 2 {
		if _, err := skypeexport.Import(ctx, s, path, nil); err != nil {
			t.Fatal(err)
		}
	}
	c, err := s.FindChat(ctx, "dialog:alice+bob")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := s.ChatMessages(ctx, c.ID, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range msgs {
		ids = append(ids, m.ID)
	}
	got, err := s.Reactions(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range msgs {
		var rs []string
		for _, r := range got[m.ID] {
			rs = append(rs, r.Emotion+" "+r.User+" "+r.Time.Format("15:04:05"))
		}
		want := ""
		if i == 0 || i == 2 { // "look at this" (a list) and the picture (a JSON string)
			want = "like alice 17:20:40|like live:carol 17:20:41|heart alice 17:20:42"
		}
		if strings.Join(rs, "|") != want {
			t.Errorf("message %d (%s): reactions %q, want %q", i, m.Text, rs, want)
		}
	}
}

// TestImportOfATruncatedTarKeepsTheMediaBeforeTheBreak: a download cut off
// among the media still imports the messages and the files before the cut,
// says the media are incomplete, and leaves no partial file.
func TestImportOfATruncatedTarKeepsTheMediaBeforeTheBreak(t *testing.T) {
	whole, err := os.ReadFile(mediaExport(t))
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(whole, []byte("not a video")) + 4 // inside the video
	path := filepath.Join(t.TempDir(), "cut.tar")
	if err := os.WriteFile(path, whole[:cut], 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	s, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := skypeexport.Import(context.Background(), s, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 6 || rep.MediaDamage == nil || rep.MediaCopied != 3 || !strings.Contains(rep.MediaAndReactions(), "media incomplete") {
		t.Errorf("report %+v (%q)", rep, rep.MediaAndReactions())
	}
	for _, n := range names(t, filepath.Join(data, store.MediaDir)) {
		if strings.HasPrefix(n, videoID) || strings.HasPrefix(n, ".") {
			t.Errorf("%s was left behind", n)
		}
	}
}

func names(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func modTimes(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	for _, n := range names(t, dir) {
		fi, err := os.Stat(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, n+"@"+fi.ModTime().String())
	}
	return out
}

// TestImportCopiesMediaFromACompressedTar: a .tar.gz is read as a stream,
// twice, and gives the same files.
func TestImportCopiesMediaFromACompressedTar(t *testing.T) {
	raw, err := os.ReadFile(mediaExport(t))
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	path := filepath.Join(t.TempDir(), "export.tar.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	s, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rep, err := skypeexport.Import(context.Background(), s, path, nil)
	if err != nil || rep.MediaCopied != 5 || rep.Added != 6 {
		t.Fatalf("report %+v (%v)", rep, err)
	}
	if m, err := s.Media(videoID); err != nil || m.PreviewType != "image/jpeg" {
		t.Errorf("the video: %+v (%v)", m, err)
	}
}

// An export unpacked by hand (messages.json with media/ beside it) keeps
// its shared files too; a link in the folder is not followed.
func TestImportCopiesMediaOfAnUnpackedExport(t *testing.T) {
	dir := t.TempDir()
	media := filepath.Join(dir, "media")
	files := map[string]string{
		"messages.json":                 mediaMessages(),
		"media/" + pictureID + ".json":  `{"filename": "cat.png", "contents": {"1": {"type": "image/png"}}}`,
		"media/" + pictureID + ".1.png": pictureBytes,
		"media/" + svgID + ".1.svg":     svgBytes,
		"media/notes.txt":               "not a shared file",
	}
	if err := os.Mkdir(media, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("not yours"), 0o600)
	if err := os.Symlink(secret, filepath.Join(media, htmlID+".1.html")); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	s, err := store.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	rep, err := skypeexport.Import(ctx, s, filepath.Join(dir, "messages.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.MediaCopied != 2 || rep.MediaSkipped != 2 || rep.Added != 6 {
		t.Errorf("report %+v, want 2 media files copied, the link and the stray file left out, 6 messages", rep)
	}
	if got, err := s.Media(pictureID); err != nil || got.Name != "cat.png" || got.Type != "image/png" {
		t.Errorf("the picture: %+v, %v", got, err)
	}
	if got, err := s.Media(svgID); err != nil || got.Type != "image/svg+xml" {
		t.Errorf("the SVG, typed by its extension: %+v, %v", got, err)
	}
	if _, err := s.Media(htmlID); err == nil {
		t.Error("the link was followed")
	}
	again, err := skypeexport.Import(ctx, s, filepath.Join(dir, "messages.json"), nil)
	if err != nil || again.MediaCopied != 0 || again.MediaKept != 2 {
		t.Errorf("again: %+v, %v", again, err)
	}
}
