package markup

import (
	"html/template"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Text returns the plain text a page shows for a message of type typ (the
// archive's type names: SAID, EMOTED, SETTOPIC, SMS, …) with this body: the
// visible text of HTML(typ, body, nil). It is valid UTF-8 and valid for
// XML 1.0, and it is what the store indexes and compares.
func Text(typ, body string) string {
	if isText(typ) && plain(body) {
		return strings.Trim(body, " \n")
	}
	w := textWriters.Get().(*writer)
	defer textWriters.Put(w)
	w.reset()
	render(w, typ, body)
	return w.plain.String()
}

// textWriters keeps the writers of Text between calls: an import derives
// the text of every message it reads.
var textWriters = sync.Pool{New: func() any { return &writer{plainMode: true} }}

// plain reports whether a body renders as itself, trimmed: no markup, no
// entities, nothing to clean, no white space a browser would collapse, no
// edit prefix. Most bodies are, and skip the renderer.
func plain(body string) bool {
	if strings.HasPrefix(body, editPrefix) {
		return false
	}
	prev := byte('x')
	for i := 0; i < len(body); {
		c := body[i]
		switch plainByte[c] {
		case ordinary:
			prev = c
			i++
			continue
		case special:
			return false
		case blank:
			if prev == ' ' || prev == '\n' && c == ' ' {
				return false // a run a browser collapses, or a space at a line's end or start
			}
			prev = c
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(body[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			return false
		}
		prev = 'x'
		i += n
	}
	return true
}

// What plain makes of a byte.
const (
	ordinary  = iota // shown as it is
	special          // markup, an entity, or a character to clean
	blank            // a space or a line feed: shown unless next to another
	multiByte        // part of a character beyond ASCII
)

var plainByte = func() (t [256]byte) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = multiByte
		case c == ' ' || c == '\n':
			t[c] = blank
		case c < ' ' || c == '<' || c == '&':
			t[c] = special
		}
	}
	return t
}()

// HTML returns the safe HTML a page or a feed entry shows for a message of
// type typ with this body; files, when not nil, tells which shared files
// the archive keeps, to show and link them from it. Nothing from the body
// is ever passed through as HTML.
//
// Without files, the output uses only the elements a, b, i, s, br,
// blockquote, small and pre, with no attributes except href and
// rel="nofollow noopener" on a (http, https and mailto links only); kept
// files add img elements (src, alt, loading, width, height) inside links of
// class "media". Elements are always balanced, and the text is valid for
// XML 1.0.
func HTML(typ, body string, files Files) template.HTML {
	w := writer{files: files}
	w.out.Grow(len(body) + len(body)/8)
	render(&w, typ, body)
	return template.HTML(w.out.String())
}

// Title returns the first n runes of the text of a message on one line,
// with white space collapsed, and "…" appended when it was cut. Quoted text
// (without its header) is used only when the message has nothing else.
// n <= 0 means no limit. The result is plain text, not HTML.
func Title(typ, body string, n int) string {
	w := writer{plainMode: true, quoted: &textSink{}}
	render(&w, typ, body)
	s := oneLine(w.plain.String())
	if s == "" {
		s = oneLine(w.quoted.String())
	}
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			cut = i
			break
		}
		n--
	}
	return strings.TrimRightFunc(s[:cut], unicode.IsSpace) + "…"
}
