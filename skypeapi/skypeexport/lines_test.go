package skypeexport

import (
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store/markup"
)

// TestEveryKeptTypeShowsALine checks that a message of every messagetype
// the import keeps (spec 1.5) shows a line of what happened even with an
// empty content, never nothing nor a bare type name; said text is text,
// empty when empty.
func TestEveryKeptTypeShowsALine(t *testing.T) {
	for typ := range documentedTypes {
		name, skip := ArchiveType(Message{Type: typ})
		if skip != "" {
			continue
		}
		text := markup.Text(name, "")
		switch {
		case name == "SAID":
			if text != "" {
				t.Errorf("an empty %s (%s) shows %q", typ, name, text)
			}
		case text == "" || strings.HasPrefix(text, "Skype event"):
			t.Errorf("an empty %s (%s) shows %q", typ, name, text)
		}
	}
}
