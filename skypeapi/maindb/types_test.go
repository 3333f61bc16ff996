package maindb

import (
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store/markup"
)

// TestEveryTypeShowsALine checks that a row of every Messages.type the
// import names (spec 2.3) shows a line of what happened even when its
// body_xml is empty, as many event rows' are: never nothing, never a bare
// type name. Said text (61) and emotes (60) are text, empty when empty.
func TestEveryTypeShowsALine(t *testing.T) {
	for code, name := range messageTypes {
		text := markup.Text(name, "")
		switch {
		case name == "SAID" || name == "EMOTED":
			if text != "" {
				t.Errorf("an empty %s (%d) shows %q", name, code, text)
			}
		case text == "" || strings.HasPrefix(text, "Skype event"):
			t.Errorf("an empty %s (%d) shows %q", name, code, text)
		}
	}
	if got := markup.Text(typeName(77), ""); got != "Skype event TYPE77" {
		t.Errorf("an unknown type shows %q", got)
	}
}
