package feed

import (
	"html/template"
	"net/url"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
)

// renderBody renders a message body of type typ for a page, pictures and
// files the archive keeps shown and linked from it. Looking one up reads
// its small description file; a body without shared files touches no disk.
func (s *Server) renderBody(typ, body string) template.HTML {
	return s.renderBodyAt(typ, body, "")
}

// renderBodyAt is renderBody with links to kept files under base (the
// server's own address, for feeds, whose readers resolve no relative
// links).
func (s *Server) renderBodyAt(typ, body, base string) template.HTML {
	return markup.HTML(typ, body, keptFiles{s: s, base: base})
}

// keptFiles tells the markup renderer which shared files the archive keeps
// and how to link them.
type keptFiles struct {
	s    *Server
	base string // prefix of links: the server's address, or "" for relative links
}

// Kept implements markup.Files.
func (k keptFiles) Kept(id string) (markup.File, bool) {
	if !store.ValidMediaID(id) {
		return markup.File{}, false
	}
	m, err := k.s.Store.Media(id)
	if err != nil {
		return markup.File{}, false
	}
	href := k.base + k.s.link("/media/"+url.PathEscape(m.ID))
	f := markup.File{Href: href, Name: m.Name, Size: m.Size}
	switch {
	case inlineTypes[store.CleanMediaType(m.Type)]:
		f.Picture = href
	case inlineTypes[store.CleanMediaType(m.PreviewType)]:
		f.Picture = k.base + k.s.link("/media/"+url.PathEscape(m.ID)+"/preview")
	}
	return f, true
}
