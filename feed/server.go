// Package feed is the HTTP side of Chat Channels: pages, search, Atom feeds
// and the JSON API (status, search), served on loopback.
package feed

import (
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"net"
	"net/http"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// Status is what the app reports about itself at /api/status.
type Status struct {
	Version  string      `json:"version"`
	Skype    SkypeStatus `json:"skype"`
	Chats    int         `json:"chats"`
	Messages int         `json:"messages"`
	IndexLag int64       `json:"index_lag"`
	PID      int         `json:"pid,omitempty"` // the serving process, so that a client can tell it from another
}

// SkypeStatus is the live collection's state.
type SkypeStatus struct {
	State    string `json:"state"`          // waiting for Skype, attached as alice, …
	User     string `json:"user,omitempty"` // the Skype user, once attached
	Protocol int    `json:"protocol,omitempty"`
	Syncing  string `json:"syncing,omitempty"` // the chat being copied, if any
}

// Server serves the archive over HTTP.
type Server struct {
	Store   *store.Store
	Version string
	PID     int                // the serving process, for /api/status (0: not said)
	Skype   func() SkypeStatus // nil when there is no live collection
	csrf    string             // the token state-changing forms carry
	reads   readMarks          // read positions being kept

	// Token, when set, publishes the archive beyond loopback, read-only:
	// every request must carry it (t=…), whatever its Host, and every link
	// the server writes carries it.
	Token string

	// MaxSearches is how many searches run at once (0: 3); see
	// limitSearches.
	MaxSearches int
	searches    chan struct{} // a token per running search
}

// Handler is the server's routes, behind its security checks.
func (s *Server) Handler() http.Handler {
	s.csrf = newCSRFToken()
	s.searches = make(chan struct{}, cmp.Or(s.MaxSearches, defaultMaxSearches))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("/chats/{$}", s.chatPicker)
	mux.HandleFunc("POST /chats/{id}/collect", s.collect)
	mux.HandleFunc("GET /chats/{id}/{$}", s.chat)
	mux.HandleFunc("GET /chats/{id}/calendar", s.calendar)
	mux.HandleFunc("GET /search", s.limitSearches(s.search))
	mux.HandleFunc("GET /chats/{id}/export", s.chatExport)
	mux.HandleFunc("GET /search/export", s.limitSearches(s.searchExport))
	mux.HandleFunc("GET /chats/{id}/feed.atom", s.chatFeed)
	mux.HandleFunc("GET /feed.atom", s.allFeed)
	mux.HandleFunc("GET /feed.xml", s.allFeed)
	mux.HandleFunc("GET /search.atom", s.limitSearches(s.searchFeed))
	mux.HandleFunc("GET /subscriptions.opml", s.subscriptions)
	mux.Handle("GET /static/", s.static())
	s.routeMedia(mux)
	mux.HandleFunc("GET /api/status", s.status)
	mux.HandleFunc("GET /api/search", s.limitSearches(s.apiSearch))
	mux.HandleFunc("GET /stats", s.archiveStats)
	mux.HandleFunc("GET /chats/{id}/stats", s.chatStats)
	mux.HandleFunc("/", s.notFound) // any other address: the styled 404
	return countServing(s.recoverPanics(s.guard(s.refuseCrossSite(mux))))
}

// guard answers only requests addressed to this server by a loopback name,
// which defeats DNS rebinding: a page elsewhere cannot make a browser talk
// to us under its own name. Published with a token, it answers any name but
// only requests that carry the token (the style sheet aside), and only reads.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case s.Token == "":
			if !loopbackHost(r.Host) {
				http.Error(w, "unknown host", http.StatusMisdirectedRequest)
				return
			}
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			http.Error(w, "read-only", http.StatusMethodNotAllowed)
			return
		case !strings.HasPrefix(r.URL.Path, "/static/") &&
			subtle.ConstantTimeCompare([]byte(r.URL.Query().Get("t")), []byte(s.Token)) != 1:
			http.Error(w, "this archive needs its access token (the link Chat Channels printed when it started)", http.StatusForbidden)
			return
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether a Host header names this machine's loopback.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := Status{Version: s.Version, Skype: SkypeStatus{State: "live collection off"}, PID: s.PID}
	if s.Skype != nil {
		st.Skype = s.Skype()
	}
	counts, err := s.Store.Counts(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	st.Chats, st.Messages = counts.Chats, counts.Messages
	if st.IndexLag, err = s.Store.IndexLag(ctx); err != nil {
		s.fail(ctx, w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(st)
}
