package feed

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/chatchannels/chatchannels/store"
)

// Errors shown to people are said in words for them, on a page styled like
// every other: never a package's prefix ("store: …") or an internal detail,
// which go to the log.

// showError answers with the error page: a heading for the status and what
// the person can do about it.
func (s *Server) showError(w http.ResponseWriter, code int, message string) {
	view := struct {
		page
		Heading, Message string
	}{page: s.page(""), Heading: http.StatusText(code), Message: message}
	var buf bytes.Buffer
	if err := pageTemplate("error").ExecuteTemplate(&buf, "layout", view); err != nil {
		slog.Error("rendering the error page failed", "err", err)
		http.Error(w, message, code)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
}

// notFound answers 404 with the error page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.showError(w, http.StatusNotFound, "There is nothing at this address. The chat may have been merged into another, or the link mistyped.")
}

// fail logs an internal error and answers with the error page, without details.
func (s *Server) fail(ctx context.Context, w http.ResponseWriter, err error) {
	slog.ErrorContext(ctx, "request failed", "err", err)
	s.showError(w, http.StatusInternalServerError, "Something went wrong reading the archive. The log in the data folder says what; try again in a moment.")
}

// queryMistake is what to tell the person who typed a search the archive
// cannot run, or "" when the error is not theirs to fix.
func queryMistake(err error) string {
	var qe *store.QueryError
	switch {
	case errors.Is(err, store.ErrEmptyQuery):
		return "Type what to look for, or pick a chat, a person or dates."
	case errors.As(err, &qe):
		return qe.Msg
	}
	return ""
}
