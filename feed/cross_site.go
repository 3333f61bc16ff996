package feed

import (
	"net/http"
	"strings"
)

// crossSiteAllowed reports whether another site may send a request for
// path: its feeds (/feed.atom, /feed.xml, a chat's feed.atom, a saved
// search's /search.atom) and the list of them (/subscriptions.opml), which
// readers and links elsewhere open. Everything else (pages, search, the
// API, shared files) answers only to this site's own pages, the address
// bar, bookmarks and programs: a browser marks another site's request
// (an <img src=…> or a form) Sec-Fetch-Site: cross-site, and programs send
// no such header.
func crossSiteAllowed(path string) bool {
	switch path {
	case "/feed.atom", "/feed.xml", "/search.atom", "/subscriptions.opml":
		return true
	}
	return strings.HasPrefix(path, "/chats/") && strings.HasSuffix(path, "/feed.atom")
}

// refuseCrossSite answers 403 with the error page to a request another
// site made for anything but the feeds.
func (s *Server) refuseCrossSite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" && !crossSiteAllowed(r.URL.Path) {
			s.showError(w, http.StatusForbidden, "Another web site asked for this page. Chat Channels answers only its own pages and links you open yourself; open the address directly.")
			return
		}
		next.ServeHTTP(w, r)
	})
}
