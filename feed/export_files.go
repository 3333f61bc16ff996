package feed

import (
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"path"
	"strings"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
)

// How the html export shows the files the archive keeps (pictures, and
// the previews of videos), on purpose:
//
//   - A picture of up to embedLimit bytes is embedded in the page as a
//     data: URI. Most chat pictures' previews and many stickers are that
//     small: the page stays one file that shows them anywhere, and grows
//     by at most a third over the pictures themselves.
//   - In a folder export (the command line), everything larger, and every
//     other kept file (documents, videos), is copied beside the page into
//     "NAME_files/" and linked (and shown, when a picture) by a relative
//     address: the folder can be moved or zipped whole, and the page does
//     not swell to the size of the videos shared in the chat.
//   - In a single-page download (the web view's links) there is no beside:
//     a larger picture and every other file are named with their size but
//     left out (a video's small preview is still embedded).
//
// Either way nothing is fetched from the web view or the internet: the
// page's policy would refuse it.

// embedLimit is the largest picture embedded in an exported page.
const embedLimit = 128 << 10

// exportFiles renders bodies for the html export, answering
// markup.Files for the kept files they share.
type exportFiles struct {
	store  *store.Store
	beside *besideFiles // nil: nowhere to copy files (a single page)
	err    error        // the first failure copying a file beside the page
}

// render renders a message body of type typ, its kept files embedded or
// beside.
func (f *exportFiles) render(typ, body string) template.HTML {
	return markup.HTML(typ, body, f)
}

// Kept implements markup.Files.
func (f *exportFiles) Kept(id string) (markup.File, bool) {
	m, err := f.store.Media(id)
	if err != nil {
		return markup.File{}, false
	}
	file := markup.File{Name: m.Name, Size: m.Size}
	part, typ := store.MediaContent, store.CleanMediaType(m.Type)
	if !inlineTypes[typ] {
		part, typ = store.MediaPreview, store.CleanMediaType(m.PreviewType)
	}
	if inlineTypes[typ] {
		if size, ok := f.store.MediaPartSize(id, part); ok && size <= embedLimit {
			file.Picture = f.embed(id, part, typ, size)
		}
	}
	if f.beside == nil {
		return file, true
	}
	if part != store.MediaContent || file.Picture == "" { // the embedded picture is the whole file: no copy
		file.Href = f.copy(m, store.MediaContent, m.Type)
	}
	if file.Picture == "" && inlineTypes[typ] {
		if part == store.MediaContent {
			file.Picture = file.Href
		} else {
			file.Picture = f.copy(m, part, typ)
		}
	}
	return file, true
}

// embed reads a small picture as a data: URI; "" when it cannot.
func (f *exportFiles) embed(id string, part store.MediaPart, typ string, size int64) string {
	r, err := f.store.OpenMedia(id, part)
	if err != nil {
		return ""
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, size+1))
	if err != nil || int64(len(data)) > embedLimit {
		return ""
	}
	return "data:" + typ + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// copy copies a part of a kept file beside the page, once a page, and
// returns its relative address; "" when the part is not kept, or the copy
// failed (recorded in err, which ends the export).
func (f *exportFiles) copy(m store.Media, part store.MediaPart, typ string) string {
	key := fmt.Sprint(m.ID, "/", part)
	if href, ok := f.beside.copied[key]; ok {
		return href
	}
	r, err := f.store.OpenMedia(m.ID, part)
	if errors.Is(err, store.ErrNotFound) {
		return ""
	}
	if err != nil {
		f.fail(err)
		return ""
	}
	defer r.Close()
	name := besideName(m, part, typ)
	w, err := f.beside.folder.Create(f.beside.dir + "/" + name)
	if err != nil {
		f.fail(err)
		return ""
	}
	_, err = io.Copy(w, r)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		f.fail(fmt.Errorf("copy %s: %w", m.Name, err))
		return ""
	}
	href := url.PathEscape(f.beside.dir) + "/" + url.PathEscape(name)
	f.beside.copied[key] = href
	return href
}

func (f *exportFiles) fail(err error) {
	if f.err == nil {
		f.err = err
	}
}

// besideFiles is the folder beside a chat's page that holds its larger
// files.
type besideFiles struct {
	folder ExportFolder
	dir    string            // "Project X_files"
	copied map[string]string // id/part: the address of the copy
}

// besideName names a kept file's part beside the page: its document id
// (unique) and the extension of its name, or of its type.
func besideName(m store.Media, part store.MediaPart, typ string) string {
	ext := strings.ToLower(path.Ext(store.CleanFileName(m.Name)))
	if part == store.MediaPreview || !plainExt(ext) {
		ext = pictureExts[store.CleanMediaType(typ)]
	}
	if part == store.MediaPreview {
		return m.ID + "-preview" + ext
	}
	return m.ID + ext
}

// plainExt reports whether ext (".jpg") is short and of ASCII letters and
// digits only.
func plainExt(ext string) bool {
	if len(ext) < 2 || len(ext) > 8 {
		return false
	}
	for _, r := range ext[1:] {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// pictureExts are the extensions of the picture types pages show.
var pictureExts = map[string]string{
	"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp", "image/bmp": ".bmp",
}
