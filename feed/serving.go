package feed

import (
	"net/http"

	"github.com/chatchannels/chatchannels/store"
)

// countServing counts every request in store.Serving while it is answered,
// so that the index's catch-up and an import in this process give way to
// the people reading.
func countServing(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer store.Serving.Begin()()
		next.ServeHTTP(w, r)
	})
}
