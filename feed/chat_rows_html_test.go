package feed

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// The rows written without html/template escape every value from the
// archive: a parser finds no element a value made, and reads every value
// back as it was.
func TestRowsHTMLEscapesEveryValue(t *testing.T) {
	const evil = `"><script>alert(1)</script><b x='`
	rows := []messageRow{
		{Key: evil + "k1", Alias: evil + "a", Author: evil + "author", AuthorName: evil + "name", Badge: badge{evil + "B", 3},
			UTC: evil + "utc", Local: evil + "local", EditedUTC: evil + "edited", Edited: true, Suspect: true,
			Day: &dayMark{ID: evil + "day", Label: evil + "label"}, New: true, HTML: template.HTML("<i>safe</i>"),
			Versions:  []versionRow{{When: evil + "when", HTML: template.HTML("<b>old</b>")}},
			Reactions: []reactionView{{Emoji: evil + "emoji", Count: 2, Who: evil + "who"}}},
		{Key: evil + "k2", Author: evil + "author", AuthorName: evil + "name", Continued: true, UTC: "u", Local: "l"},
		{Key: evil + "k3", Author: evil + "author", AuthorName: evil + "name", Event: true, UTC: "u", Local: "l", HTML: "Left the chat"},
	}
	doc, err := html.Parse(strings.NewReader(`<ol class="messages">` + string(rowsHTML(rows)) + `</ol>`))
	if err != nil {
		t.Fatal(err)
	}
	elements := map[string]int{}
	var values []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			elements[n.Data]++
			for _, a := range n.Attr {
				values = append(values, a.Val)
			}
		case html.TextNode:
			values = append(values, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if elements["script"] != 0 || elements["b"] != 1 || elements["i"] != 1 {
		t.Errorf("elements %v: a value made markup, or the message's own was lost", elements)
	}
	for _, want := range []string{"m-" + evil + "k1", "m-" + evil + "a", evil + "author", evil + "name", evil + "B", evil + "utc",
		evil + "local", "edited " + evil + "edited", evil + "day", evil + "label", evil + "when", evil + "emoji", evil + "who",
		"#m-" + evil + "k2", "m-" + evil + "k3"} {
		found := false
		for _, v := range values {
			found = found || strings.Contains(v, want)
		}
		if !found {
			t.Errorf("no value reads %q", want)
		}
	}
	if elements["li"] != 7 { // day, new, three rows, a version, a reaction
		t.Errorf("%d list items, want 7", elements["li"])
	}
}

// The calendar's quick day names say what time.Format says.
func TestDayNamesAsFormatWrites(t *testing.T) {
	for d := time.Date(1999, 12, 25, 0, 0, 0, 0, time.Local); d.Year() < 2031; d = d.AddDate(0, 0, 13) {
		if got, want := dayName(d), d.Format(dayLayout); got != want {
			t.Errorf("dayName %q, want %q", got, want)
		}
		if got, want := dateOnly(d), d.Format(time.DateOnly); got != want {
			t.Errorf("dateOnly %q, want %q", got, want)
		}
	}
}
