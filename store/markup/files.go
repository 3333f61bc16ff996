package markup

import (
	"net/url"
	"strconv"
	"strings"
)

// Files tells HTML which shared files the archive keeps.
type Files interface {
	// Kept returns how to show the kept file with this document id, and
	// false when the archive does not keep it.
	Kept(id string) (File, bool)
}

// File is a shared file the archive keeps, as a page links and shows it.
type File struct {
	Href    string // its address, for links; "" for none (shown unlinked)
	Picture string // the address of a raster picture of it to show inline (itself or a preview); "" for none
	Name    string // its name, shown when the body gives none
	Size    int64  // its size in bytes, shown when the body gives none; < 0 when unknown
}

// objectID is the document id of a <URIObject>: its doc_id, or else the
// last part of its uri (…/objects/<docid>).
func objectID(attrs attrs) string {
	if id := strings.TrimSpace(attrs.get("doc_id")); id != "" {
		return id
	}
	u, err := url.Parse(strings.TrimSpace(attrs.get("uri")))
	if err != nil {
		return ""
	}
	p := strings.TrimSuffix(u.Path, "/")
	if _, after, ok := strings.Cut(p, "/objects/"); ok {
		p, _, _ = strings.Cut(after, "/")
		return p
	}
	return p[strings.LastIndexByte(p, '/')+1:]
}

// keptObject returns the kept file a <URIObject> shares, when the archive
// keeps it and the output shows kept files.
func (w *writer) keptObject(attrs attrs) (File, bool) {
	if w.files == nil || w.plainMode {
		return File{}, false
	}
	id := objectID(attrs)
	if id == "" {
		return File{}, false
	}
	return w.files.Kept(id)
}

// keptFile shows a shared file the archive keeps: the summary line, its
// name linked to the file, and under it its picture, linked to the file
// too (name and picture stand unlinked when the file has no address, as in
// an export that leaves it out).
func (w *writer) keptFile(f File, attrs attrs, kind, name string, size int64) {
	name = orElse(name, f.Name)
	if size < 0 {
		size = f.Size
	}
	w.note(fileLine(kind, name, f.Href, size))
	if f.Picture == "" {
		return
	}
	var b strings.Builder
	if f.Href != "" {
		b.WriteString(`<a class="media" href="`)
		writeEscaped(&b, f.Href, true)
		b.WriteString(`">`)
	}
	b.WriteString(`<img src="`)
	writeEscaped(&b, f.Picture, true)
	b.WriteString(`" alt="`)
	writeEscaped(&b, orElse(name, kind), true)
	b.WriteString(`" loading="lazy"`)
	if wd, ht := pixels(attrs.get("width")), pixels(attrs.get("height")); wd > 0 && ht > 0 {
		b.WriteString(` width="` + strconv.Itoa(wd) + `" height="` + strconv.Itoa(ht) + `"`)
	}
	b.WriteString(`>`)
	if f.Href != "" {
		b.WriteString(`</a>`)
	}
	w.emitTag(b.String())
}

// pixels reads a picture dimension; 0 when it is not a plausible one.
func pixels(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 || n > 20000 {
		return 0
	}
	return n
}
