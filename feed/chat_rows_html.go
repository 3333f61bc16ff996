package feed

import (
	"bytes"
	"html"
	"html/template"
	"strconv"
)

// The rows of a chat page are written here rather than by html/template:
// two hundred rows of a dozen values each cost html/template several
// milliseconds of reflection and escaper calls, twenty times what writing
// them does, and a page of a chat must render in under 10 ms. The rules
// html/template would apply hold here too: every value from the archive
// is escaped with html.EscapeString (text and double-quoted attributes
// alike), every attribute is quoted, links are fragments of this page
// ("#m-…"), and the only HTML passed through is what store/markup made
// (messageRow.HTML, versions) or this file writes. chat.html lays out the
// rest of the page.

// rowsHTML writes a page's rows as list items of ol.messages.
func rowsHTML(rows []messageRow) template.HTML {
	var w rowWriter
	w.Grow(len(rows) * 700)
	for i := range rows {
		w.row(&rows[i])
	}
	return template.HTML(w.String())
}

type rowWriter struct{ bytes.Buffer }

// text writes s escaped, for text or a double-quoted attribute value.
func (w *rowWriter) text(s string) { w.WriteString(html.EscapeString(s)) }

func (w *rowWriter) row(r *messageRow) {
	if d := r.Day; d != nil {
		w.WriteString(`<li class="day" id="`)
		w.text(d.ID)
		w.WriteString(`"><h2>`)
		w.text(d.Label)
		w.WriteString("</h2></li>\n")
	}
	if r.New {
		w.WriteString(`<li class="new" id="new"><span>New</span></li>` + "\n")
	}
	w.WriteString(`<li id="m-`)
	w.text(r.Key)
	switch {
	case r.Event:
		w.WriteString(`" class="event">`)
	case r.Continued:
		w.WriteString(`" class="message continued">`)
	default:
		w.WriteString(`" class="message">`)
	}
	if r.Alias != "" {
		w.WriteString(`<span id="m-`)
		w.text(r.Alias)
		w.WriteString(`"></span>`)
	}
	switch {
	case r.Event:
		w.time(r)
		w.WriteString("\n" + `<p class="what"><span class="who" dir="auto" title="`)
		w.text(r.Author)
		w.WriteString(`">`)
		w.text(r.AuthorName)
		w.WriteString(`</span> · `)
		w.WriteString(string(r.HTML))
		w.WriteString("</p></li>\n")
		return
	case r.Continued:
		w.time(r)
	default:
		w.WriteString("\n" + `<span class="badge c`)
		w.WriteString(strconv.Itoa(r.Badge.Colour))
		w.WriteString(`" aria-hidden="true">`)
		w.text(r.Badge.Initials)
		w.WriteString("</span>\n" + `<p class="head"><span class="author" dir="auto" title="`)
		w.text(r.Author)
		w.WriteString(`">`)
		w.text(r.AuthorName)
		w.WriteString(`</span> `)
		w.time(r)
		w.WriteString(`</p>`)
	}
	w.WriteString("\n")
	w.body(r)
	w.WriteString("</li>\n")
}

// time writes the row's local time, linking to its anchor, with the full
// time in UTC on hover, and the flag of an impossible time.
func (w *rowWriter) time(r *messageRow) {
	w.WriteString(`<a class="time" href="#m-`)
	w.text(r.Key)
	w.WriteString(`"><time datetime="`)
	w.text(r.ISO)
	w.WriteString(`" title="`)
	w.text(r.UTC)
	w.WriteString(`">`)
	w.text(r.Local)
	w.WriteString(`</time></a>`)
	if r.Suspect {
		w.WriteString(` <small class="suspect" title="The source gave this message an impossible time: it is shown as given, apart from the days.">impossible time</small>`)
	}
}

// body writes what the message says, its edits and its reactions.
func (w *rowWriter) body(r *messageRow) {
	w.WriteString(`<div class="body">`)
	if r.Deleted {
		w.WriteString(`<em class="removed">This message has been removed.</em>`)
	} else {
		w.WriteString(string(r.HTML))
	}
	if r.Edited {
		w.WriteString(` <small class="edited" title="edited `)
		w.text(r.EditedUTC)
		w.WriteString(`">(edited)</small>`)
	}
	if len(r.Versions) > 0 {
		w.WriteString(`<details class="versions"><summary>earlier versions</summary><ol>`)
		for _, v := range r.Versions {
			w.WriteString(`<li>`)
			if v.When != "" {
				w.WriteString(`<small>`)
				w.text(v.When)
				w.WriteString(`</small> `)
			}
			w.WriteString(string(v.HTML))
			w.WriteString(`</li>`)
		}
		w.WriteString(`</ol></details>`)
	}
	if len(r.Reactions) > 0 {
		w.WriteString(`<ul class="reactions">`)
		for _, re := range r.Reactions {
			w.WriteString(`<li title="`)
			w.text(re.Who)
			w.WriteString(`">`)
			w.text(re.Emoji)
			w.WriteString(` `)
			w.WriteString(strconv.Itoa(re.Count))
			w.WriteString(`</li>`)
		}
		w.WriteString(`</ul>`)
	}
	w.WriteString(`</div>`)
}
