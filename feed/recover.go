package feed

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// recoverPanics keeps a panic in a handler from dropping the connection
// unexplained: it is logged at error level with the request's path and
// the stack, and answered with the 500 error page (when nothing was
// written yet). http.ErrAbortHandler, the deliberate abort, passes through.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := &wroteHeader{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			slog.ErrorContext(r.Context(), "request handler panicked", "method", r.Method, "path", r.URL.Path,
				"panic", v, "stack", string(debug.Stack()))
			if !rw.wrote {
				s.showError(w, http.StatusInternalServerError, "Something went wrong reading the archive. The log in the data folder says what; try again in a moment.")
			}
		}()
		next.ServeHTTP(rw, r)
	})
}

// wroteHeader notes whether the response has begun.
type wroteHeader struct {
	http.ResponseWriter
	wrote bool
}

func (w *wroteHeader) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *wroteHeader) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *wroteHeader) Unwrap() http.ResponseWriter { return w.ResponseWriter }
