package feed

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// chatView is a page of a chat's history.
type chatView struct {
	page
	Chat  chatHead
	Pager pager
	List  template.HTML // the rows (rowsHTML)
	Note  string        // what the page shows instead of what was asked, if anything
	// Downloads link to the chat's export, and the day's when the page
	// was asked for one (?date=).
	Downloads []downloads
}

// chatHead is what the top of a chat's pages says and links to.
type chatHead struct {
	Title, Members      string
	Count               int
	URL, Calendar, Feed string // the newest page, the calendar, the feed (absolute, to copy into a reader)
	Subscriptions       string // every chat's feed as OPML
	Path, Token         string // the page's path and the access token, for the jump-to-date form
}

// pager links a page to its neighbours by key (store.ChatPage).
type pager struct {
	Older, Newer, Newest, Oldest string
	From, To                     string // the days the page spans
}

// chat serves a page of a chat's history: the newest by default;
// ?before=KEY, ?after=KEY (empty: from the start), ?at=KEY and
// ?date=YYYY-MM-DD as DESIGN.md names them; ?new from the first message
// after the read position. ?page=N, the offset-based address earlier
// versions gave, redirects to the same messages' stable address. Showing
// the page moves the chat's read position (markRead).
func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	query := r.URL.Query()
	if query.Has("page") {
		s.redirectOldPage(w, r, c, query.Get("page"))
		return
	}
	q, err := pageQuery(query)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var note string
	pg, err := s.Store.ChatPage(ctx, c.ID, q, pageSize)
	switch {
	case errors.Is(err, store.ErrNotFound) && !q.Since.IsZero():
		note = "No messages on or after " + q.Since.Format(dayLayout) + "; these are the newest."
		pg, err = s.Store.ChatPage(ctx, c.ID, store.PageQuery{}, pageSize)
	case errors.Is(err, store.ErrNotFound):
		http.Error(w, "This chat has no such message (the link may be mistyped). Its newest messages are at "+chatURL(c.WebID), http.StatusNotFound)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	if !q.Since.IsZero() && note == "" && localDate(pg.Target.Time) != localDate(q.Since) && !pg.Target.TimeSuspect {
		note = "No messages on " + q.Since.Format(dayLayout) + "; these are the next."
	}
	base := chatURL(c.WebID)
	view := chatView{page: s.page("", feedLink{Title: chatTitle(c), URL: absURL(r, s.link(base+"feed.atom"))}), Note: note}
	view.Chat = s.chatHead(r, c)
	names, err := s.Store.PersonNames(ctx, pageHandles(c, pg.Messages))
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	view.Chat.Members = memberNames(c.Members, names)
	view.Pager = s.pagerFor(base, pg)
	rows, err := s.messageRows(r, pg, c.Read, names, q.At)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	view.List = rowsHTML(rows)
	view.Downloads = s.chatDownloads(c, query.Get("date"))
	s.render(w, r, "chat", view)
	s.markRead(r, c, pg.Messages)
}

// chatHead is the top of a chat's pages.
func (s *Server) chatHead(r *http.Request, c store.Chat) chatHead {
	base := chatURL(c.WebID)
	return chatHead{Title: chatTitle(c), Count: c.MessageCount, URL: s.link(base), Calendar: s.link(base + "calendar"),
		Feed: absURL(r, s.link(base+"feed.atom")), Subscriptions: absURL(r, s.link("/subscriptions.opml")),
		Path: base, Token: s.Token}
}

// pageQuery reads which page the address asks for.
func pageQuery(query url.Values) (store.PageQuery, error) {
	var q store.PageQuery
	switch {
	case query.Get("before") != "":
		q.Before = query.Get("before")
	case query.Has("after"):
		q.After, q.Oldest = query.Get("after"), query.Get("after") == ""
	case query.Get("at") != "":
		q.At = query.Get("at")
	case query.Has("new"):
		q.Unread = true
	case query.Get("date") != "":
		day, err := time.ParseInLocation(time.DateOnly, query.Get("date"), time.Local)
		if err != nil {
			return q, fmt.Errorf("no date %q: write a date as 2013-07-30", query.Get("date"))
		}
		q.Since = day
	}
	return q, nil
}

// pagerFor links a page to the pages before and after it, by their
// edge messages' keys.
func (s *Server) pagerFor(base string, pg store.Page) pager {
	var p pager
	if len(pg.Messages) == 0 {
		return p
	}
	first, last := pg.Messages[0], pg.Messages[len(pg.Messages)-1]
	if pg.Older {
		p.Older, p.Oldest = s.link(base+"?before="+url.QueryEscape(first.Key)), s.link(base+"?after=")
	}
	if pg.Newer {
		p.Newer, p.Newest = s.link(base+"?after="+url.QueryEscape(last.Key)), s.link(base)
	}
	p.From, p.To = first.Time.Local().Format(dayLayout), last.Time.Local().Format(dayLayout)
	return p
}

// redirectOldPage answers ?page=N, page N of 200 counted from the oldest
// message as earlier versions numbered them, with a permanent redirect to
// the stable address of the same messages: the page after the last
// message of page N-1.
func (s *Server) redirectOldPage(w http.ResponseWriter, r *http.Request, c store.Chat, p string) {
	pages := max((c.MessageCount+pageSize-1)/pageSize, 1)
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > pages {
		http.Error(w, fmt.Sprintf("no page %q: this chat has pages 1 to %d", p, pages), http.StatusNotFound)
		return
	}
	target := chatURL(c.WebID) + "?after="
	if n > 1 {
		prev, err := s.Store.ChatMessages(r.Context(), c.ID, (n-1)*pageSize-1, 1)
		if err != nil {
			s.fail(r.Context(), w, err)
			return
		}
		if len(prev) == 1 {
			target += url.QueryEscape(prev[0].Key)
		}
	}
	http.Redirect(w, r, s.link(target), http.StatusMovedPermanently)
}

// markRead moves the chat's read position to the last message the page
// showed (store.MarkRead moves it only forward), in the background
// (readMarks). A GET that changes state:
// the page showing the messages is what reading them means, and there is
// no JavaScript (the CSP allows none) to post it afterwards. It is safe
// here: all it can do is mark messages read, it reveals nothing, and the
// guard already refuses other sites' host names. What is not the user
// reading is left out: HEAD requests, a browser's prefetch, and anyone
// reading an archive published with a token (read-only, and not its
// owner).
func (s *Server) markRead(r *http.Request, c store.Chat, msgs []store.Message) {
	if r.Method != http.MethodGet || s.Token != "" || r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch" {
		return
	}
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].TimeSuspect {
			continue
		}
		if !c.Read.Unread(msgs[i]) {
			return // read before: no write
		}
		s.reads.mark(s.Store, c, msgs[i]) // in the background: the page never waits for the archive's writer
		return
	}
}

// pageHandles are the people a chat page names: its members and the
// authors of its messages.
func pageHandles(c store.Chat, msgs []store.Message) []string {
	seen := map[string]bool{}
	var out []string
	for _, h := range c.Members {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	for _, m := range msgs {
		if !seen[m.Author] {
			seen[m.Author] = true
			out = append(out, m.Author)
		}
	}
	return out
}

// unreadCount says how many messages are new: "" for none, "99+" beyond
// what the store counts.
func unreadCount(n int) string {
	switch {
	case n <= 0:
		return ""
	case n > store.MaxUnread:
		return strconv.Itoa(store.MaxUnread) + "+"
	}
	return strconv.Itoa(n)
}
