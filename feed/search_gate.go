package feed

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// defaultMaxSearches is how many searches run at once when
	// Server.MaxSearches is not set: one per core of a small machine and
	// one more, so that searches cannot take the memory and the cores
	// that pages and feeds need.
	defaultMaxSearches = 3
	// searchQueueWait is how long a search waits for a free turn before
	// it is answered 503.
	searchQueueWait = 2 * time.Second
	// searchRetryAfter is what a 503 tells the client to wait, in seconds.
	searchRetryAfter = 2
)

// limitSearches lets at most Server.MaxSearches searches run at once
// (pages, feeds and API alike); one more waits up to searchQueueWait for
// a turn, then is answered 503 with Retry-After.
func (s *Server) limitSearches(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.takeSearchTurn(r) {
			w.Header().Set("Retry-After", strconv.Itoa(searchRetryAfter))
			const busy = "Chat Channels is busy with other searches; try again in a moment."
			if strings.HasPrefix(r.URL.Path, "/api/") {
				writeJSONStatus(w, http.StatusServiceUnavailable, map[string]string{"error": busy})
				return
			}
			s.showError(w, http.StatusServiceUnavailable, busy)
			return
		}
		defer func() { <-s.searches }()
		next(w, r)
	}
}

// takeSearchTurn waits for a free turn, up to searchQueueWait or until the
// request is gone, and reports whether it got one.
func (s *Server) takeSearchTurn(r *http.Request) bool {
	select {
	case s.searches <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(searchQueueWait)
	defer t.Stop()
	select {
	case s.searches <- struct{}{}:
		return true
	case <-t.C:
	case <-r.Context().Done():
	}
	return false
}
