package feed

import (
	"cmp"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// pickerSorts are the orders the chat picker offers, the first by default.
var pickerSorts = []struct {
	Value, Label string
	compare      func(a, b store.Chat) int
}{
	{"recent", "Last activity", func(a, b store.Chat) int { return b.LastMessageAt.Compare(a.LastMessageAt) }},
	{"title", "Title", func(a, b store.Chat) int { return cmp.Compare(strings.ToLower(a.Title()), strings.ToLower(b.Title())) }},
	{"messages", "Most messages", func(a, b store.Chat) int { return cmp.Compare(b.MessageCount, a.MessageCount) }},
}

type pickerRow struct {
	chatRow
	WebID string
}

type pickerOption struct {
	Value, Label string
	Selected     bool
}

// chatPicker lists every chat to pick for collection, filtered by a few
// letters of its title or name and sorted as asked (GET /chats/?q=…&sort=…);
// a POST with the page's CSRF token picks or drops one and comes back to
// the same list. It is where the tray's "More chats…" leads.
func (s *Server) chatPicker(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.listChatsToPick(w, r)
	case http.MethodPost:
		s.pickChat(w, r)
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		s.showError(w, http.StatusMethodNotAllowed, "This address is for reading the list of chats and picking them.")
	}
}

func (s *Server) listChatsToPick(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	chats, err := s.Store.Chats(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	filter, sortBy := strings.TrimSpace(r.URL.Query().Get("q")), r.URL.Query().Get("sort")
	view := struct {
		page
		Chats              []pickerRow
		Filter, Sort, CSRF string
		Sorts              []pickerOption
		Total, Collected   int
	}{page: s.page(""), Filter: filter, Total: len(chats)}
	if s.Token == "" { // published archives are read-only
		view.CSRF = s.csrf
	}
	order := pickerSorts[0]
	for _, o := range pickerSorts {
		if o.Value == sortBy {
			order = o
		}
	}
	view.Sort = order.Value
	for _, o := range pickerSorts {
		view.Sorts = append(view.Sorts, pickerOption{Value: o.Value, Label: o.Label, Selected: o.Value == order.Value})
	}
	slices.SortStableFunc(chats, order.compare)
	for _, c := range chats {
		if c.Collected {
			view.Collected++
		}
		if !matches(c, filter) {
			continue
		}
		view.Chats = append(view.Chats, pickerRow{chatRow: s.newChatRow(c), WebID: c.WebID})
	}
	s.render(w, r, "picker", view)
}

// matches reports whether a chat's title, name or members contain the
// filter, ignoring case.
func matches(c store.Chat, filter string) bool {
	if filter == "" {
		return true
	}
	f := strings.ToLower(filter)
	for _, s := range append([]string{c.Title(), c.Name}, c.Members...) {
		if strings.Contains(strings.ToLower(s), f) {
			return true
		}
	}
	return false
}

func (s *Server) pickChat(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) != 1 || !sameOrigin(r) {
		s.showError(w, http.StatusForbidden, staleForm)
		return
	}
	c, err := s.Store.FindChat(ctx, r.PostFormValue("chat"))
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	if err := s.Store.SetCollected(ctx, c.Name, r.PostFormValue("collect") == "on"); err != nil {
		s.fail(ctx, w, err)
		return
	}
	back := url.Values{}
	for _, k := range []string{"q", "sort"} {
		if v := r.PostFormValue(k); v != "" {
			back.Set(k, v)
		}
	}
	target := "/chats/"
	if len(back) > 0 {
		target += "?" + back.Encode()
	}
	http.Redirect(w, r, target+"#"+url.PathEscape(c.WebID), http.StatusSeeOther)
}
