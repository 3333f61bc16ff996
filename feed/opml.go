package feed

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"time"
)

// opml is an OPML 2.0 subscription list (feeds.md): one outline per chat
// feed, under one category outline.
type opml struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated,omitempty"`
	} `xml:"head"`
	Body struct {
		Outline outline `xml:"outline"`
	} `xml:"body"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// subscriptions lists every chat's feed as OPML, for importing into a reader.
func (s *Server) subscriptions(w http.ResponseWriter, r *http.Request) {
	chats, err := s.Store.Chats(r.Context())
	if err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	var doc opml
	doc.Version = "2.0"
	doc.Head.Title = "Chat Channels"
	var newest time.Time
	doc.Body.Outline = outline{Text: "Chat Channels", Title: "Chat Channels"}
	for _, c := range chats {
		newest = later(newest, c.LastMessageAt)
		title := chatTitle(c)
		doc.Body.Outline.Outlines = append(doc.Body.Outline.Outlines, outline{
			Text: title, Title: title, Type: "rss",
			XMLURL: absURL(r, s.link(chatURL(c.WebID)+"feed.atom")), HTMLURL: absURL(r, s.link(chatURL(c.WebID))),
		})
	}
	if !newest.IsZero() {
		doc.Head.DateCreated = newest.UTC().Format(time.RFC1123Z) // stable: the archive's last change, not now
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Write(buf.Bytes())
}
