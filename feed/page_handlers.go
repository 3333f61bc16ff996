package feed

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/chatchannels/chatchannels/assets"
	"github.com/chatchannels/chatchannels/store"
)

const (
	localLayout = "2006-01-02 15:04"
	utcLayout   = "2006-01-02 15:04:05 UTC"   // shown on hover
	isoLayout   = "2006-01-02T15:04:05Z07:00" // a <time> element's datetime (RFC 3339)
)

// render executes a page template into the response.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	s.renderStatus(w, r, http.StatusOK, name, data)
}

// renderStatus is render answering with the status code.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	var buf bytes.Buffer
	if err := pageTemplate(name).ExecuteTemplate(&buf, "layout", data); err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

type chatRow struct {
	URL, Title, Last, LastUTC, LastISO, Problem, CollectURL string
	Count                                                   int
	Collected                                               bool
	Unread, UnreadURL                                       string // "3", "99+" new messages; "" when none or not counted
}

// chatFromPath finds the chat the URL names (web id, API name or alias),
// answering 404 or 500 itself when it cannot.
func (s *Server) chatFromPath(w http.ResponseWriter, r *http.Request) (store.Chat, bool) {
	c, err := s.Store.FindChat(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return c, false
	}
	if err != nil {
		s.fail(r.Context(), w, err)
		return c, false
	}
	return c, true
}

// absURL makes a path absolute for the host the request came to (checked
// by guard), as feed readers need (feeds.md).
func absURL(r *http.Request, path string) string { return "http://" + r.Host + path }

// displayName is who wrote a message, fit for a page or a feed, when the
// archive's names of people are not at hand (see authorName).
func displayName(m store.Message) string { return authorName(m, nil) }

// static serves the embedded style sheet and icons; their URLs carry a
// version, so they may be cached for good.
func (s *Server) static() http.Handler {
	files := http.FileServerFS(assets.Static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})
}

// newChatRow is how a list of chats shows one.
func (s *Server) newChatRow(c store.Chat) chatRow {
	row := chatRow{URL: s.link(chatURL(c.WebID)), Title: chatTitle(c), Count: c.MessageCount, Problem: c.Problem,
		Collected: c.Collected, CollectURL: chatURL(c.WebID) + "collect"}
	if !c.LastMessageAt.IsZero() {
		row.Last, row.LastUTC, row.LastISO = c.LastMessageAt.Local().Format(localLayout), c.LastMessageAt.UTC().Format(utcLayout), c.LastMessageAt.UTC().Format(isoLayout)
	}
	if row.Unread = unreadCount(c.Unread); row.Unread != "" {
		row.UnreadURL = s.link(chatURL(c.WebID) + "?new#new")
	}
	return row
}
