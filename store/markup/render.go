package markup

import "strings"

// The renderer reads a body with a forgiving tokenizer in one pass, keeps a
// stack of the elements it has opened (at most maxDepth) and hands what to
// show to the writer. It never copies markup from the body: it writes its
// own tags. In said text, tags it does not know show as typed (the live API
// sends plain text); in the body of an event, which is data, elements it
// does not know are dropped with their content, or show their alt text.

// maxDepth caps how deeply rendered elements nest; deeper tags are dropped.
const maxDepth = 32

// editPrefix starts some edited bodies; the page marks edits from the
// message's metadata instead.
const editPrefix = "Edited previous message: "

// frame is an element the renderer has opened.
type frame struct {
	name  string // element name in the body, lower case
	close string // HTML that closes it; "" for an element shown only by its content
	pre   bool   // a pre element, where line breaks are kept
	link  string // for a link: its target, shown when the link has no text
	mark  int    // for a link: the visible text written before it
}

// renderer turns a body into what the writer writes, in one pass.
type renderer struct {
	w    *writer
	data bool // the body is an event's data, not said text
	open []frame
	coll *collector // the element being collected, if any
}

// walk renders body, already cleaned; data is set for an event's body.
func walk(w *writer, body string, data bool) {
	r := renderer{w: w, data: data, open: w.frames[:0]}
	defer func() { w.frames = r.open[:0] }()
	w.edge = true
	t := tokenizer{s: body}
	for {
		tok, ok := t.next()
		if !ok {
			break
		}
		if r.coll != nil {
			if r.coll.add(tok) {
				r.finishCollector()
			}
			continue
		}
		switch tok.kind {
		case textToken:
			w.text(decodeEntities(tok.raw))
		case startToken, selfClosingToken:
			r.start(tok)
		case endToken:
			r.end(tok)
		}
	}
	if r.coll != nil {
		r.coll.closeAll()
		r.finishCollector()
	}
	r.closeTo(0)
	w.pending = w.pending[:0]
	w.lineDue = false
}

// start handles a start tag or an empty-element tag.
func (r *renderer) start(t token) {
	if render, ok := collected[t.name]; ok {
		r.collect(t, render)
		return
	}
	f := frame{name: t.name}
	var tag string
	switch t.name {
	case "b":
		f.close, tag = "</b>", "<b>"
	case "i":
		f.close, tag = "</i>", "<i>"
	case "s":
		f.close, tag = "</s>", "<s>"
	case "pre":
		f.close, tag, f.pre = "</pre>", "<pre>", true
	case "quote":
		f.close = "</blockquote>"
	case "a":
		href, ok := linkTarget(t.attr("href"), webSchemes...)
		if ok && r.w.links == 0 { // links do not nest
			f.close, f.link = "</a>", href
			if !r.w.plainMode {
				tag = linkTag(href)
			}
		}
	case "ss", "c_i":
		// Emoticons and the newer clients' c_i show as their content.
	default:
		if r.data {
			r.collect(t, renderAlt) // data Skype added that this reader does not know
		} else {
			r.w.text(t.raw)
		}
		return
	}
	if t.kind == selfClosingToken || len(r.open) >= maxDepth {
		return
	}
	switch {
	case t.name == "quote":
		r.w.openQuote(quoteHeader(t))
	case f.pre:
		r.w.blockTag(tag)
		r.w.pre++
	case tag != "" || f.link != "":
		r.w.inline(tag)
	}
	if f.link != "" {
		r.w.links++
		f.mark = r.w.shown
	}
	r.open = append(r.open, f)
}

// collect starts reading an element whole, to show it with render.
func (r *renderer) collect(t token, render func(*collector, *writer)) {
	r.coll = &collector{name: t.name, attrs: t.attrs, render: render}
	if t.kind == selfClosingToken {
		r.finishCollector()
	}
}

// end handles an end tag: it closes the innermost open element of that
// name and any opened inside it. Stray end tags of known elements, and any
// in an event's data, are dropped; others show as text.
func (r *renderer) end(t token) {
	for k := len(r.open) - 1; k >= 0; k-- {
		if r.open[k].name == t.name {
			r.closeTo(k)
			return
		}
	}
	if _, ok := collected[t.name]; !ok && !knownElements[t.name] && !r.data {
		r.w.text(t.raw)
	}
}

// closeTo closes the open elements from the innermost down to open[k].
func (r *renderer) closeTo(k int) {
	for len(r.open) > k {
		f := r.open[len(r.open)-1]
		r.open = r.open[:len(r.open)-1]
		switch {
		case f.name == "quote":
			r.w.closeQuote()
		case f.pre:
			r.w.pre--
			r.w.blockTag(f.close)
		case f.link != "":
			if r.w.shown == f.mark {
				r.w.text(f.link) // a link without text shows its target
			}
			r.w.links--
			r.w.closeInline(f.close)
		case f.close != "":
			r.w.closeInline(f.close)
		}
	}
}

func (r *renderer) finishCollector() {
	c := r.coll
	r.coll = nil
	if c.render != nil {
		c.render(c, r.w)
	}
}

// knownElements are the elements rendered through frames; their stray end
// tags are dropped rather than shown.
var knownElements = map[string]bool{"b": true, "i": true, "s": true, "pre": true, "quote": true, "a": true, "ss": true, "c_i": true}

// cleanBody prepares a body for rendering: valid UTF-8 and XML 1.0
// characters only, without the edit prefix.
func cleanBody(body string) string {
	return strings.TrimPrefix(cleanText(body), editPrefix)
}
