package feed

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
)

// newCSRFToken makes the token forms carry for the life of the server.
func newCSRFToken() string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sameOrigin checks that a state-changing request comes from our own pages:
// its Origin (or, failing that, Referer) names the host it was sent to.
func sameOrigin(r *http.Request) bool {
	from := r.Header.Get("Origin")
	if from == "" || from == "null" {
		from = r.Header.Get("Referer")
	}
	u, err := url.Parse(from)
	return err == nil && u.Host != "" && u.Host == r.Host
}

// collect picks a chat for live collection, or drops it: a POST from the
// chat's page with its CSRF token, from the same origin, which leads back
// to the chat.
func (s *Server) collect(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) != 1 || !sameOrigin(r) {
		s.showError(w, http.StatusForbidden, staleForm)
		return
	}
	c, ok := s.chatFromPath(w, r)
	if !ok {
		return
	}
	if err := s.Store.SetCollected(ctx, c.Name, r.PostFormValue("collect") == "on"); err != nil {
		s.fail(ctx, w, err)
		return
	}
	http.Redirect(w, r, chatURL(c.WebID), http.StatusSeeOther)
}

// staleForm is what a form that fails its CSRF or origin check is told.
const staleForm = "This form is stale or from another site: reload the page and try again."
