package feed

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// SearchResults is a page of search hits as JSON: the answer of
// GET /api/search, and what `chatchannels search --json` prints. Its field
// names are a contract with scripts: fields may be added, never renamed or
// dropped.
type SearchResults struct {
	Query string      `json:"query"`
	Total int         `json:"total"` // hits in all; Hits holds at most the limit asked for
	Hits  []SearchHit `json:"hits"`
}

// SearchHit is a message that matched.
type SearchHit struct {
	Chat       ChatRef   `json:"chat"`
	Key        string    `json:"key"`  // the message's permanent key; its anchor is m-KEY
	Time       time.Time `json:"time"` // when it was sent, UTC
	Author     string    `json:"author"`
	AuthorName string    `json:"author_name"`
	Text       string    `json:"text"`     // the whole plain text
	Fragment   []Span    `json:"fragment"` // the part of the text around the matches
	Edited     bool      `json:"edited"`
	Deleted    bool      `json:"deleted"`
	URL        string    `json:"url"` // the message in the web view, from its root: /chats/ID/?at=KEY#m-KEY
}

// ChatRef names the chat of a hit.
type ChatRef struct {
	Name  string `json:"name"`
	WebID string `json:"web_id"`
	Title string `json:"title"`
}

// Span is a piece of a fragment; Match marks the words the query matched.
type Span struct {
	Text  string `json:"text"`
	Match bool   `json:"match"`
}

// NewSearchResults turns a page of the store's hits into their JSON shape.
func NewSearchResults(query string, res store.SearchResult) SearchResults {
	out := SearchResults{Query: query, Total: res.Total, Hits: make([]SearchHit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		m := h.Message
		hit := SearchHit{
			Chat: ChatRef{Name: h.Chat.Name, WebID: h.Chat.WebID, Title: h.Chat.Title()},
			Key:  m.Key, Time: m.Time.UTC(), Author: m.Author, AuthorName: m.AuthorName, Text: m.Text,
			Fragment: make([]Span, 0, len(h.Fragment)), Edited: !m.EditedAt.IsZero(), Deleted: m.Deleted,
			URL: store.MessagePath(h.Chat.WebID, m.Key),
		}
		for _, sp := range h.Fragment {
			hit.Fragment = append(hit.Fragment, Span{Text: sp.Text, Match: sp.Match})
		}
		out.Hits = append(out.Hits, hit)
	}
	return out
}

// MaxSearchLimit is the most hits GET /api/search answers with at once.
const MaxSearchLimit = 10_000

// apiSearch is GET /api/search?q=…[&limit=N][&offset=N][&by=time]: the
// hits as SearchResults (most relevant first, or newest first with
// by=time). limit is 1 to MaxSearchLimit, and offset + limit at most
// store.MaxSearchDepth. A query that cannot be understood, or a parameter
// out of range, is a 400 with {"error": "…"}.
// indexWait is how long a search of the API waits for the index to apply
// what was committed before it.
const indexWait = 5 * time.Second

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	params := r.URL.Query()
	q := params.Get("q")
	opts := store.SearchOptions{Limit: 20}
	bad := func(msg string) { writeJSONStatus(w, http.StatusBadRequest, map[string]string{"error": msg}) }
	var err error
	if opts.Limit, err = intParam(params, "limit", 20, 1, MaxSearchLimit); err != nil {
		bad(err.Error())
		return
	}
	if opts.Offset, err = intParam(params, "offset", 0, 0, store.MaxSearchDepth-1); err != nil {
		bad(err.Error())
		return
	}
	switch params.Get("by") {
	case "", "relevance":
	case "time":
		opts.ByTime = true
	default:
		bad("by: relevance or time")
		return
	}
	if _, err := store.ParseQuery(q); err != nil {
		bad(err.Error())
		return
	}
	// Like a search of the command line's own, the answer holds every
	// message committed before the question, unless the index is far behind.
	wait, cancel := context.WithTimeout(ctx, indexWait)
	err = s.Store.WaitIndexed(wait)
	cancel()
	if err != nil && ctx.Err() != nil {
		return
	}
	res, err := s.Store.Search(ctx, q, opts)
	if errors.Is(err, store.ErrEmptyQuery) {
		bad("search for what? Words, \"a phrase\", -word, from:handle, chat:name, date:2013-07")
		return
	}
	if msg := queryMistake(err); msg != "" { // a page deeper than a search goes
		bad(msg)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, NewSearchResults(q, res))
}

// writeJSONStatus answers with v as JSON, never cached.
func writeJSONStatus(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}
