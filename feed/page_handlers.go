package feed

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

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
	Unread, UnreadURL                              string // "3", "999+" new messages; "" when none or not counted
}

type pager struct {
	Page, Pages        int
	Prev, Next, Newest string
}

type messageRow struct {
	Key, Author, AuthorName, UTC, Local, EditedUTC string
	HTML                                           template.HTML
	Continued, Deleted, Edited, Suspect            bool           // Suspect: the time is impossible
	Versions                                       []versionRow   // earlier bodies, oldest first
	Reactions                                      []reactionView // by emotion
}

type versionRow struct {
	When string // when it was written, UTC; "" for the original
	HTML template.HTML
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	pages := max((c.MessageCount+pageSize-1)/pageSize, 1)
	n := pages // the newest page unless asked
	query := r.URL.Query()
	if key := query.Get("at"); key != "" { // the page holding a message (search hits link here)
		m, err := s.Store.MessageByKey(ctx, c.ID, key)
		if err == nil {
			pos, err := s.Store.MessagePosition(ctx, m)
			if err != nil {
				s.fail(ctx, w, err)
				return
			}
			n = pos/pageSize + 1
		} else if !errors.Is(err, store.ErrNotFound) {
			s.fail(ctx, w, err)
			return
		}
	} else if p := query.Get("page"); p != "" {
		var err error
		if n, err = strconv.Atoi(p); err != nil || n < 1 || n > pages {
			http.Error(w, fmt.Sprintf("no page %q: this chat has pages 1 to %d", p, pages), http.StatusNotFound)
			return
		}
	}
	msgs, err := s.Store.ChatMessages(ctx, c.ID, (n-1)*pageSize, pageSize)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	base := chatURL(c.WebID)
	link := func(p int) string { return s.link(base + "?page=" + strconv.Itoa(p)) }
	pg := pager{Page: n, Pages: pages}
	if n > 1 {
		pg.Prev = link(n - 1)
	}
	if n < pages {
		pg.Next, pg.Newest = link(n+1), s.link(base)
	}
	view := struct {
		page
		Chat struct {
			Title, Members string
			Count          int
		}
		Pager    pager
		Messages []messageRow
	}{page: s.page("", feedLink{Title: c.Title(), URL: absURL(r, s.link(base+"feed.atom"))}), Pager: pg}
	view.Chat.Title, view.Chat.Members, view.Chat.Count = c.Title(), strings.Join(c.Members, ", "), c.MessageCount
	reactions, err := s.reactions(ctx, msgs)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	var prev store.Message
	for i, m := range msgs {
		row := messageRow{
			Key: m.Key, Author: m.Author, AuthorName: displayName(m), Deleted: m.Deleted, Reactions: reactions[m.ID],
			UTC: m.Time.UTC().Format(utcLayout), Local: m.Time.Local().Format(localLayout),
			Continued: i > 0 && prev.Author == m.Author && m.Time.Sub(prev.Time) < 5*time.Minute,
			Edited:    !m.EditedAt.IsZero() && !m.Deleted, Suspect: m.TimeSuspect,
		}
		if row.Edited {
			row.EditedUTC = m.EditedAt.UTC().Format(utcLayout)
		}
		if !m.Deleted {
			row.HTML = s.renderBody(m.Type, m.Body)
		}
		if !m.EditedAt.IsZero() {
			if row.Versions, err = s.versions(r, m); err != nil {
				s.fail(ctx, w, err)
				return
			}
		}
		view.Messages = append(view.Messages, row)
		prev = m
	}
	s.render(w, r, "chat", view)
}

// versions lists the earlier bodies of an edited or deleted message.
func (s *Server) versions(r *http.Request, m store.Message) ([]versionRow, error) {
	vs, err := s.Store.Versions(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	var rows []versionRow
	for _, v := range vs {
		row := versionRow{HTML: s.renderBody(m.Type, v.Body)}
		if !v.EditedAt.IsZero() {
			row.When = v.EditedAt.UTC().Format(utcLayout)
		}
		rows = append(rows, row)
	}
	return rows, nil
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

// displayName is who wrote a message, fit for a page or a feed.
func displayName(m store.Message) string {
	if m.AuthorName != "" {
		return cleanXML(m.AuthorName)
	}
	return cleanXML(m.Author)
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
	return row
}
