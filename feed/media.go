package feed

import (
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/chatchannels/chatchannels/store"
)

// routeMedia adds the routes of the shared files kept in the archive.
func (s *Server) routeMedia(mux *http.ServeMux) {
	mux.HandleFunc("GET /media/{id}", func(w http.ResponseWriter, r *http.Request) { s.media(w, r, store.MediaContent) })
	mux.HandleFunc("GET /media/{id}/preview", func(w http.ResponseWriter, r *http.Request) { s.media(w, r, store.MediaPreview) })
}

// inlineTypes are the content types shown in the browser: raster pictures,
// which cannot run script. Everything else (SVG and HTML included) is
// served as a download.
var inlineTypes = map[string]bool{
	"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/bmp": true,
}

// media serves a part of a shared file kept in the archive, under the type
// it was recorded with (never sniffed), sandboxed, inline only when it is a
// raster picture and as an attachment under its original name otherwise.
// Kept files never change, so they may be cached for good.
func (s *Server) media(w http.ResponseWriter, r *http.Request, part store.MediaPart) {
	ctx := r.Context()
	m, err := s.Store.Media(r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	typ, name := m.Type, m.Name
	if part == store.MediaPreview {
		if m.PreviewType == "" {
			http.NotFound(w, r)
			return
		}
		typ, name = m.PreviewType, "preview of "+m.Name
	}
	f, err := s.Store.OpenMedia(m.ID, part)
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	typ = store.CleanMediaType(typ)
	disposition := "attachment"
	if inlineTypes[typ] {
		disposition = "inline"
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Disposition", contentDisposition(disposition, name))
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, max-age=31536000, immutable")
	h.Set("ETag", `"`+strconv.FormatInt(fi.Size(), 36)+"-"+strconv.FormatInt(fi.ModTime().UnixNano(), 36)+`"`)
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// contentDisposition is a Content-Disposition header naming the file (RFC
// 6266; names beyond ASCII encoded as RFC 2231 says).
func contentDisposition(disposition, name string) string {
	name = store.CleanFileName(name)
	if name == "" {
		return disposition
	}
	if v := mime.FormatMediaType(disposition, map[string]string{"filename": name}); v != "" {
		return v
	}
	return disposition
}
