package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
)

// feedSize is how many of the newest messages a feed carries (feeds.md:
// the subscription document stands alone and stays small).
const feedSize = 50

// tagBase starts every Atom id: permanent, never derived from the host or
// port the server runs on (feeds.md).
const tagBase = "tag:chatchannels,2006:"

// atomFeed wraps gorilla/feeds' Atom feed, whose single link cannot carry
// both rel="alternate" and rel="self".
type atomFeed struct {
	*feeds.AtomFeed
	Self feeds.AtomLink
}

// entryOf is one message with the chat it is in.
type entryOf struct {
	msg  store.Message
	chat store.Chat
}

func (s *Server) chatFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	if s.fresh(w, r, "chat", c.WebID, c.Title(), c.ChangedSeq) {
		return
	}
	msgs, err := s.Store.LatestMessages(ctx, c.ID, feedSize)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	var entries []entryOf
	for _, m := range msgs {
		entries = append(entries, entryOf{m, c})
	}
	s.writeFeed(w, r, c.Title(), "chat/"+c.WebID, chatURL(c.WebID), entries)
}

func (s *Server) allFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	chats, err := s.Store.Chats(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	var seq int64
	var titles strings.Builder
	for _, c := range chats {
		seq = max(seq, c.ChangedSeq)
		titles.WriteString(c.Title())
	}
	if s.fresh(w, r, "all", "", titles.String(), seq) {
		return
	}
	var entries []entryOf
	for _, c := range chats {
		msgs, err := s.Store.LatestMessages(ctx, c.ID, feedSize)
		if err != nil {
			s.fail(ctx, w, err)
			return
		}
		for _, m := range msgs {
			entries = append(entries, entryOf{m, c})
		}
	}
	slices.SortFunc(entries, func(a, b entryOf) int {
		if c := b.msg.Time.Compare(a.msg.Time); c != 0 {
			return c
		}
		return strings.Compare(b.msg.Key, a.msg.Key)
	})
	s.writeFeed(w, r, "All chats", "all", "/", entries[:min(len(entries), feedSize)])
}

func (s *Server) searchFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query().Get("q")
	seq, err := s.Store.LastChange(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	if s.fresh(w, r, "search", q, "", seq) {
		return
	}
	res, err := s.Store.Search(ctx, q, store.SearchOptions{Limit: feedSize, ByTime: true, Quick: true})
	if msg := queryMistake(err); msg != "" {
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	var entries []entryOf
	for _, h := range res.Hits {
		entries = append(entries, entryOf{h.Message, h.Chat})
	}
	s.writeFeed(w, r, "Search: "+q, "search/"+url.QueryEscape(q), "/search?q="+url.QueryEscape(q), entries)
}

// writeFeed renders entries (newest first) as Atom and answers with strong
// validators, or 304 when the reader has this very document (feeds.md).
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, title, id, htmlPath string, entries []entryOf) {
	base := absURL(r, "")
	f := &feeds.AtomFeed{
		Xmlns: "http://www.w3.org/2005/Atom",
		Title: cleanName(title),
		Id:    tagBase + id,
		Link:  &feeds.AtomLink{Href: base + s.link(htmlPath), Rel: "alternate", Type: "text/html"},
	}
	authors := make([]string, 0, len(entries))
	for _, e := range entries {
		authors = append(authors, e.msg.Author)
	}
	names, err := s.Store.PersonNames(r.Context(), authors)
	if err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	var newest time.Time
	for _, e := range entries {
		m := e.msg
		if m.TimeSuspect {
			continue // its time is impossible: not known to be new (a search may find it)
		}
		updated := m.Updated()
		newest = later(newest, updated)
		content := string(s.renderBodyAt(m.Type, m.Body, base))
		if m.Deleted {
			content = "<i>This message has been removed.</i>"
		}
		name := authorName(m, names)
		f.Entries = append(f.Entries, &feeds.AtomEntry{
			Title:     name + " in " + chatTitle(e.chat) + ": " + markup.Title(m.Type, m.Body, 80),
			Id:        tagBase + "chat/" + e.chat.WebID + "/msg/" + m.Key,
			Updated:   updated.UTC().Format(time.RFC3339),
			Published: m.Time.UTC().Format(time.RFC3339),
			Author:    &feeds.AtomAuthor{AtomPerson: feeds.AtomPerson{Name: name}},
			Links:     []feeds.AtomLink{{Href: base + s.link(messageURL(e.chat.WebID, m.Key)), Rel: "alternate", Type: "text/html"}},
			Content:   &feeds.AtomContent{Type: "html", Content: content},
		})
	}
	if newest.IsZero() {
		newest = time.Unix(0, 0)
	}
	f.Updated = newest.UTC().Format(time.RFC3339)
	doc := atomFeed{AtomFeed: f, Self: feeds.AtomLink{Href: base + r.URL.RequestURI(), Rel: "self", Type: "application/atom+xml"}}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(doc); err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	h := w.Header()
	h.Set("Last-Modified", newest.UTC().Format(http.TimeFormat))
	if r.Header.Get("If-None-Match") == "" && notModifiedSince(r, newest) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(buf.Bytes())
}

// feedVersion changes whenever the feeds' markup does, so that readers
// holding an older document fetch the new one (2: kept pictures shown;
// 3: one markup reader, events as readable lines; 4: entries link to the
// page that holds their message, titles name people).
const feedVersion = "4"

// fresh sets the feed's strong ETag, derived without rendering from what
// the document depends on: its kind and subject, the titles in it, the
// archive's change sequence for it, the shared files kept, the host its
// links name, and the markup version. When the reader holds that very
// document it answers 304 and reports true. If-None-Match wins over
// If-Modified-Since (feeds.md).
func (s *Server) fresh(w http.ResponseWriter, r *http.Request, kind, subject, titles string, seq int64) bool {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d\x00%d\x00%s\x00%s", kind, subject, titles, seq, s.Store.MediaStamp(), r.Host, feedVersion))
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t = strings.TrimSpace(t); t == etag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// notModifiedSince: "not modified when nothing is newer than the date the
// reader sent", not an exact match (feeds.md).
func notModifiedSince(r *http.Request, modified time.Time) bool {
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !modified.Truncate(time.Second).After(since)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// cleanXML drops what XML 1.0 forbids from names and titles (feeds.md).
func cleanXML(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
