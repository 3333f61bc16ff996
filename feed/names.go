package feed

import (
	"strings"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

// cleanName is a person's name or a chat's title fit for a page or a feed:
// cleanXML, without the bidirectional controls (termsafe.Bidi), with which
// a name could reorder the text shown after it. Pages also isolate names
// (<bdi>, dir="auto"), so that a right-to-left name keeps to itself; a
// feed's titles are plain text, where dropping the controls is what can
// be done.
func cleanName(s string) string {
	s = cleanXML(s)
	if !strings.ContainsFunc(s, termsafe.Bidi) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if termsafe.Bidi(r) {
			return -1
		}
		return r
	}, s)
}

// chatTitle is a chat's title as pages and feeds show it (cleanName).
func chatTitle(c store.Chat) string { return cleanName(c.Title()) }
