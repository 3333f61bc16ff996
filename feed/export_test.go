package feed

import "net/http"

// SyncHandler is Handler answering each request only once the read
// positions it asked for are kept (readMarks writes them in the
// background), so that a test's next request sees them.
func (s *Server) SyncHandler() http.Handler {
	h := s.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		s.reads.wait()
	})
}
