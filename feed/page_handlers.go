package feed

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chatchannels/chatchannels/assets"
	"github.com/chatchannels/chatchannels/store"
)

const (
	localLayout = "2006-01-02 15:04"
	utcLayout   = "2006-01-02 15:04:05 UTC"
)

// render executes a page template into the response.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	var buf bytes.Buffer
	if err := pageTemplate(name).ExecuteTemplate(&buf, "layout", data); err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(buf.Bytes())
}

type chatRow struct {
	URL, Title, Last, LastUTC, Problem, CollectURL string
	Count                                          int
	Collected                                      bool
	Unread, UnreadURL                              string // "3", "99+" new messages; "" when none or not counted
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	chats, err := s.Store.Chats(r.Context())
	if err == nil {
		err = s.Store.CountUnread(r.Context(), chats)
	}
	if err != nil {
		s.fail(r.Context(), w, err)
		return
	}
	view := struct {
		page
		Chats  []chatRow
		Status string
		CSRF   string // set when the chats can be picked here
	}{page: s.page("", feedLink{Title: "All chats", URL: absURL(r, s.link("/feed.atom"))})}
	if s.Skype != nil {
		view.Status = "Skype: " + s.Skype().State
	}
	if s.Token == "" { // published archives are read-only
		view.CSRF = s.csrf
	}
	for _, c := range chats {
		view.Chats = append(view.Chats, s.newChatRow(c))
	}
	s.render(w, r, "index", view)
}

// chatFromPath finds the chat the URL names (web id, API name or alias),
// answering 404 or 500 itself when it cannot.
func (s *Server) chatFromPath(w http.ResponseWriter, r *http.Request) (store.Chat, bool) {
	c, err := s.Store.FindChat(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
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

type hitRow struct {
	URL, Chat, UTC, Local, Author string
	Fragment                      []store.Span
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query().Get("q")
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	view := struct {
		page
		Total int
		Hits  []hitRow
		More  string
		Error string
	}{page: s.page(q)}
	if q != "" {
		view.Feeds = []feedLink{{Title: "Search: " + q, URL: absURL(r, s.link("/search.atom?q="+url.QueryEscape(q)))}}
	}
	res, err := s.Store.Search(ctx, q, store.SearchOptions{Limit: 50, Offset: offset})
	switch {
	case errors.Is(err, store.ErrEmptyQuery):
		view.Error = "Type what to look for: words, \"a phrase\", -word to leave out, from:handle, chat:name, date:2013-07."
	case err != nil && strings.Contains(err.Error(), "date:"):
		view.Error = err.Error()
	case err != nil:
		s.fail(ctx, w, err)
		return
	}
	view.Total = res.Total
	for _, h := range res.Hits {
		key := h.Message.Key
		view.Hits = append(view.Hits, hitRow{
			URL:  s.link(messageURL(h.Chat.WebID, key)), // the chat finds the page: one look-up per click, not per hit
			Chat: h.Chat.Title(), Author: displayName(h.Message), Fragment: h.Fragment,
			UTC: h.Message.Time.UTC().Format(utcLayout), Local: h.Message.Time.Local().Format(localLayout),
		})
	}
	if next := offset + len(res.Hits); next < res.Total {
		view.More = s.link("/search?q=" + url.QueryEscape(q) + "&offset=" + strconv.Itoa(next))
	}
	s.render(w, r, "search", view)
}

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
	row := chatRow{URL: s.link(chatURL(c.WebID)), Title: c.Title(), Count: c.MessageCount, Problem: c.Problem,
		Collected: c.Collected, CollectURL: chatURL(c.WebID) + "collect"}
	if !c.LastMessageAt.IsZero() {
		row.Last, row.LastUTC = c.LastMessageAt.Local().Format(localLayout), c.LastMessageAt.UTC().Format(utcLayout)
	}
	if row.Unread = unreadCount(c.Unread); row.Unread != "" {
		row.UnreadURL = s.link(chatURL(c.WebID) + "?new#new")
	}
	return row
}
