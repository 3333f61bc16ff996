package markup

import (
	"bytes"
	"strings"
)

// writer builds the output of one rendering: HTML, or the text a browser
// shows of that HTML. Both come from the same calls; only the last step,
// emitting, differs (emit, emitBreak, emitTag, emitBlock), which is what
// keeps Text equal to the visible text of HTML.
//
// White space is held back in pending until more content follows, so that
// a body never starts or ends with a line break, nor does the inside of a
// blockquote or pre (edge is set at those boundaries).
type writer struct {
	plainMode bool            // write text, not HTML
	out       strings.Builder // HTML
	plain     textSink        // text (outside quotes, when quoted is set)
	quoted    *textSink       // text of quotes, kept apart for Title; nil otherwise

	pending []byte  // white space not written yet
	frames  []frame // room for the renderer's open elements
	lineDue bool    // a line break is due before the next content (after a quote's header)
	edge    bool    // at the start of a block, where white space is dropped
	pre     int     // open pre elements: line breaks stay "\n"
	quotes  int     // open quotes
	links   int     // open links: bare URLs are not linked inside them
	shown   int     // pieces of visible text written
	noted   bool    // a summary line (note) was written
	files   Files   // HTML: the shared files the archive keeps; nil when not shown
}

// reset readies a writer of text for another message, keeping its room.
func (w *writer) reset() {
	plain, pending, frames := w.plain, w.pending, w.frames
	clear(frames[:cap(frames)]) // no hold on earlier bodies
	*w = writer{plainMode: true, plain: plain, pending: pending[:0], frames: frames[:0]}
	w.plain.reset()
}

// sink is where text goes in text mode.
func (w *writer) sink() *textSink {
	if w.quoted != nil && w.quotes > 0 {
		return w.quoted
	}
	return &w.plain
}

// emit writes decoded text; outside pre it holds no line breaks.
func (w *writer) emit(s string) {
	if s == "" {
		return
	}
	if trimSpaceLeft(s) != "" {
		w.shown++
	}
	if w.plainMode {
		w.sink().write(s, w.pre > 0)
		return
	}
	writeEscaped(&w.out, s, false)
}

// emitBreak writes a line break: <br>, or "\n" inside pre.
func (w *writer) emitBreak() {
	switch {
	case w.plainMode && w.pre > 0:
		w.sink().write("\n", true)
	case w.plainMode:
		w.sink().lineBreak()
	case w.pre > 0:
		w.out.WriteByte('\n')
	default:
		w.out.WriteString("<br>")
	}
}

// emitTag writes inline markup that shows no text.
func (w *writer) emitTag(html string) {
	if !w.plainMode {
		w.out.WriteString(html)
	}
}

// emitBlock writes the start or end tag of a block element.
func (w *writer) emitBlock(html string) {
	if w.plainMode {
		w.sink().blockEdge()
		return
	}
	w.out.WriteString(html)
}

// text writes decoded body text.
func (w *writer) text(s string) {
	core := trimSpaceLeft(s)
	if !w.edge {
		w.pending = append(w.pending, s[:len(s)-len(core)]...)
	}
	if core == "" {
		return
	}
	trimmed := trimSpaceRight(core)
	w.flush()
	w.edge = false
	for rest := trimmed; rest != ""; {
		start, end := -1, -1
		if w.links == 0 && !w.plainMode { // a linked URL shows as itself
			start, end = nextURL(rest)
		}
		if start < 0 {
			w.lines(rest)
			break
		}
		w.lines(rest[:start])
		url := rest[start:end]
		w.emitTag(linkTag(url))
		w.emit(url)
		w.emitTag("</a>")
		rest = rest[end:]
	}
	w.pending = append(w.pending, core[len(trimmed):]...)
}

// lines writes text with its line breaks (LF, CR LF or CR) as emitBreak
// writes them.
func (w *writer) lines(s string) {
	for s != "" {
		i := indexLineBreak(s)
		if i < 0 {
			w.emit(s)
			return
		}
		w.emit(s[:i])
		w.emitBreak()
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
}

// flush writes what is due before more content: a line break after a
// quote's header, and the pending white space.
func (w *writer) flush() {
	if w.lineDue {
		w.lineDue = false
		w.emitBreak()
	}
	if len(w.pending) > 0 {
		w.lines(string(w.pending))
		w.pending = w.pending[:0]
	}
}

// inline writes an inline start tag.
func (w *writer) inline(html string) {
	w.flush()
	w.edge = false
	w.emitTag(html)
}

// closeInline writes an inline end tag. Pending white space stays pending,
// to be written after it if more content follows.
func (w *writer) closeInline(html string) { w.emitTag(html) }

// blockTag writes a start or end tag of a block element (pre, blockquote).
func (w *writer) blockTag(html string) {
	w.pending = w.pending[:0]
	w.lineDue = false
	w.emitBlock(html)
	w.edge = true
}

// openQuote starts a quote with its header line (author and date), if any.
// Title leaves headers out.
func (w *writer) openQuote(header string) {
	w.blockTag("<blockquote>")
	w.quotes++
	if header == "" || w.quoted != nil {
		return
	}
	w.emitTag("<small>")
	w.emit(header)
	w.emitTag("</small>")
	w.lineDue = true
}

func (w *writer) closeQuote() {
	w.blockTag("</blockquote>")
	w.quotes--
}

// piece is part of a summary line: text, linked when href is set.
type piece struct{ text, href string }

// note writes summary lines, each in italics, separated by line breaks,
// on lines of their own after other content.
func (w *writer) note(lines ...[]piece) {
	if len(lines) == 0 {
		return
	}
	w.noted = true
	if w.shown > 0 && !w.edge && !bytes.ContainsAny(w.pending, "\r\n") {
		w.pending = append(w.pending, '\n')
	}
	w.flush()
	w.edge = false
	for i, line := range lines {
		if i > 0 {
			w.emitBreak()
		}
		w.emitTag("<i>")
		for _, p := range line {
			if p.href != "" {
				w.emitTag(linkTag(p.href))
				w.emit(p.text)
				w.emitTag("</a>")
			} else {
				w.emit(p.text)
			}
		}
		w.emitTag("</i>")
	}
}

// linkTag returns the start tag of a link to href, which linkTarget approved.
func linkTag(href string) string {
	var b strings.Builder
	b.WriteString(`<a href="`)
	writeEscaped(&b, href, true)
	b.WriteString(`" rel="nofollow noopener">`)
	return b.String()
}
