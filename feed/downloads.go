package feed

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

// The download links of the web view: a chat, a day of it, and a search's
// results, as the files "chatchannels export" writes, streamed as they are
// written (memory stays flat whatever the size):
//
//	GET /chats/{id}/export?format=F[&date=2013-07-30]
//	GET /search/export?format=F&q=…[&chat=…&from=…&since=…&until=…]  (the parameters of /search)
//
// F is txt, csv, json or html (one page; pictures up to embedLimit
// embedded, larger files named but left out: exportFiles).

// downloadFormats are the formats offered for download, in the order the
// links show them.
var downloadFormats = []struct {
	name, contentType string
	writer            func(ctx context.Context, s *store.Store, w io.Writer) export.Writer
}{
	{"html", "text/html; charset=utf-8", NewHTMLDownload},
	{"txt", "text/plain; charset=utf-8", func(_ context.Context, _ *store.Store, w io.Writer) export.Writer { return export.NewText(w) }},
	{"csv", "text/csv; charset=utf-8", func(_ context.Context, _ *store.Store, w io.Writer) export.Writer { return export.NewCSV(w) }},
	{"json", "application/json", func(_ context.Context, _ *store.Store, w io.Writer) export.Writer { return export.NewJSON(w) }},
}

// downloads are the links to one export in every format.
type downloads struct {
	What  string // what they hold: "this chat", "Tuesday, 30 July 2013", "these results"
	Links []feedLink
}

// downloadsOf links to base (a path with its query, without format) in
// every format.
func (s *Server) downloadsOf(what, base string, q url.Values) downloads {
	d := downloads{What: what}
	for _, f := range downloadFormats {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("format", f.name)
		d.Links = append(d.Links, feedLink{Title: f.name, URL: s.link(base + "?" + v.Encode())})
	}
	return d
}

// chatDownloads are a chat page's download links: the whole chat, and the
// day the page was asked for (?date=), if any.
func (s *Server) chatDownloads(c store.Chat, date string) []downloads {
	base := chatURL(c.WebID) + "export"
	out := []downloads{s.downloadsOf("this chat", base, nil)}
	if day, err := time.ParseInLocation(time.DateOnly, date, time.Local); err == nil {
		out = append(out, s.downloadsOf(day.Format(dayLayout), base, url.Values{"date": {date}}))
	}
	return out
}

// chatExport answers a chat's download links (GET /chats/{id}/export).
func (s *Server) chatExport(w http.ResponseWriter, r *http.Request) {
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	f := export.Filter{Chats: []store.Chat{c}}
	name := c.Title()
	if date := r.URL.Query().Get("date"); date != "" {
		day, err := time.ParseInLocation(time.DateOnly, date, time.Local)
		if err != nil {
			http.Error(w, fmt.Sprintf("no date %q: write a date as 2013-07-30", date), http.StatusBadRequest)
			return
		}
		f.Since, f.Until = day, day.AddDate(0, 0, 1)
		name += " " + date
	}
	s.download(w, r, f, name)
}

// searchExport answers a search's download links (GET /search/export): the
// messages the search finds, with the parameters of /search.
func (s *Server) searchExport(w http.ResponseWriter, r *http.Request) {
	form, err := readSearchForm(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	query := form.query()
	if _, err := store.ParseQuery(query); err != nil || strings.TrimSpace(query) == "" {
		msg := "Say what to look for: the parameters of /search (q, chat, from, since, until)."
		if err != nil {
			msg = queryMistake(err)
		}
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	s.download(w, r, export.Filter{Query: query}, "search "+query)
}

// download streams the export f picks in the format ?format= asks for, as
// an attachment named name (plus the format's extension). Once the export
// has begun, a failure can no longer change the status: the connection is
// cut, so that the browser reports the download failed rather than keeps
// half a file.
func (s *Server) download(w http.ResponseWriter, r *http.Request, f export.Filter, name string) {
	ctx := r.Context()
	format := r.URL.Query().Get("format")
	i := -1
	var names []string
	for j, d := range downloadFormats {
		if d.name == format {
			i = j
		}
		names = append(names, d.name)
	}
	if i < 0 {
		http.Error(w, fmt.Sprintf("no format %q: ask for format=%s", format, strings.Join(names, ", format=")), http.StatusBadRequest)
		return
	}
	d := downloadFormats[i]
	h := w.Header()
	h.Set("Content-Type", d.contentType)
	h.Set("Content-Disposition", contentDisposition("attachment", cmp.Or(plainFileName(name), "export")+"."+d.name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "no-store")
	meta := export.Meta{Generator: "chatchannels " + s.Version, ExportedAt: time.Now().Truncate(time.Second), Location: time.Local}
	out := &sentWriter{w: w}
	_, err := export.Run(ctx, s.Store, f, meta, d.writer(ctx, s.Store, out), nil)
	switch {
	case err == nil:
	case !out.sent && ctx.Err() == nil: // nothing sent yet: a page that says so
		h.Del("Content-Disposition")
		h.Del("Content-Security-Policy")
		s.fail(ctx, w, err)
	default:
		slog.WarnContext(ctx, "download cut short", "url", r.URL.Path, "format", format, "err", err)
		panic(http.ErrAbortHandler)
	}
}

// sentWriter remembers whether anything was written.
type sentWriter struct {
	w    io.Writer
	sent bool
}

func (s *sentWriter) Write(p []byte) (int, error) {
	s.sent = s.sent || len(p) > 0
	return s.w.Write(p)
}
