package feed

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// mediaLinks tells the renderer which shared files the archive keeps and
// how to link them.
type mediaLinks struct {
	find func(id string) (store.Media, bool) // a kept file's description
	link func(path string) string            // a path of ours, with the access token
}

// renderBody renders a message body for a page, pictures and files the
// archive keeps shown and linked from it. Looking one up reads its small
// description file; a body without shared files touches no disk.
func (s *Server) renderBody(body string) template.HTML {
	return s.renderBodyAt(body, "")
}

// renderBodyAt is renderBody with links to kept files under base (the
// server's own address, for feeds, whose readers resolve no relative
// links).
func (s *Server) renderBodyAt(body, base string) template.HTML {
	return renderHTML(body, &mediaLinks{
		find: func(id string) (store.Media, bool) {
			m, err := s.Store.Media(id)
			return m, err == nil
		},
		link: func(path string) string { return base + s.link(path) },
	})
}

// objectID is the document id of a <URIObject>: its doc_id, or else the
// last part of its uri (…/objects/<docid>).
func objectID(attrs []attr) string {
	if id := strings.TrimSpace(attrValue(attrs, "doc_id")); id != "" {
		return id
	}
	u, err := url.Parse(strings.TrimSpace(attrValue(attrs, "uri")))
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

// keptObject returns the description of the file a <URIObject> shares, when
// the archive keeps it and the page shows kept files.
func (w *writer) keptObject(attrs []attr) (store.Media, bool) {
	if w.media == nil || w.plain {
		return store.Media{}, false
	}
	id := objectID(attrs)
	if !store.ValidMediaID(id) {
		return store.Media{}, false
	}
	return w.media.find(id)
}

// keptFile shows a shared file the archive keeps: the summary line, its
// name linked to the file, and under it a raster picture (or a video's
// preview) linked to the file too.
func (w *writer) keptFile(m store.Media, attrs []attr, kind, name string, size int64) {
	href := w.media.link("/media/" + url.PathEscape(m.ID))
	src := ""
	switch {
	case inlineTypes[store.CleanMediaType(m.Type)]:
		src = href
	case inlineTypes[store.CleanMediaType(m.PreviewType)]:
		src = w.media.link("/media/" + url.PathEscape(m.ID) + "/preview")
	}
	name = orElse(name, m.Name)
	if size < 0 {
		size = m.Size
	}
	w.note(fileLine(kind, name, href, size))
	if src != "" {
		var b strings.Builder
		b.WriteString(`<a class="media" href="`)
		writeEscaped(&b, href, true)
		b.WriteString(`"><img src="`)
		writeEscaped(&b, src, true)
		b.WriteString(`" alt="`)
		writeEscaped(&b, orElse(name, kind), true)
		b.WriteString(`" loading="lazy"`)
		if wd, ht := pixels(attrValue(attrs, "width")), pixels(attrValue(attrs, "height")); wd > 0 && ht > 0 {
			b.WriteString(` width="` + strconv.Itoa(wd) + `" height="` + strconv.Itoa(ht) + `"`)
		}
		b.WriteString(`></a>`)
		w.inline(b.String())
	}
}

// pixels reads a picture dimension; 0 when it is not a plausible one.
func pixels(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n <= 0 || n > 20000 {
		return 0
	}
	return n
}
