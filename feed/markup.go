package feed

import (
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Message bodies are Skype markup: XML-escaped text with a few elements
// (skype-export-formats.md 1.7), or, from the live API, plain text that may
// hold a literal <, > or & (skype-desktop-api.md 3.5). The renderer reads
// them with a forgiving tokenizer in one pass, keeps a stack of the
// elements it has opened (at most maxDepth) and writes either HTML or plain
// text. It never copies markup from the body: it writes its own tags, and
// everything it does not know is shown as text.

// maxDepth caps how deeply rendered elements nest; deeper tags are dropped.
const maxDepth = 32

// editPrefix starts some edited bodies; the page marks edits from the
// message's metadata instead.
const editPrefix = "Edited previous message: "

// Render turns a Skype message body into safe, plain, semantic HTML for a
// page or a feed entry. Nothing from the body is ever passed through as HTML.
//
// The output uses only the elements a, b, i, s, br, blockquote, small and
// pre, with no attributes except href and rel="nofollow noopener" on a
// (http, https and mailto links only); elements are always balanced, and
// the text is valid for XML 1.0.
func Render(body string) template.HTML { return renderHTML(body, nil) }

// renderHTML is Render, with shared files the archive keeps (media, which
// may be nil) shown from it: their links go to /media/, and pictures show
// as img elements (src to /media/ only, alt, loading, width, height) inside
// a link of class "media".
func renderHTML(body string, media *mediaLinks) template.HTML {
	r := renderer{w: writer{media: media}}
	r.w.out.Grow(len(body) + len(body)/8)
	r.run(body)
	return template.HTML(r.w.out.String())
}

// PlainTitle returns the first n runes of the readable text of a message
// body on one line, with white space collapsed and markup reduced to text
// as Render does, and "…" appended when it was cut. Quoted text is used
// only when the body has nothing else. n <= 0 means no limit. The result
// is plain text, not HTML.
func PlainTitle(body string, n int) string {
	r := renderer{w: writer{plain: true}}
	r.run(body)
	s := r.w.out.String()
	if s == "" {
		s = r.w.quoted.String()
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

// frame is an element the renderer has opened.
type frame struct {
	name  string // element name in the body, lower case
	close string // HTML that closes it; "" for an element shown only by its content
	pre   bool   // a pre element, where line breaks are kept
	link  string // for a link: its target, shown when the link has no text
	mark  int    // for a link: output size after its start tag
}

// renderer turns a body into HTML or plain text in one pass.
type renderer struct {
	w    writer
	open []frame
	coll *collector // the element being collected, if any
}

func (r *renderer) run(body string) {
	body = cleanText(body)
	body = strings.TrimPrefix(body, editPrefix)
	r.w.edge = true
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
			r.w.text(decodeEntities(tok.raw))
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
	r.w.pending = r.w.pending[:0]
}

// start handles a start tag or an empty-element tag.
func (r *renderer) start(t token) {
	if render, ok := collected[t.name]; ok {
		r.coll = &collector{name: t.name, attrs: t.attrs, render: render}
		if t.kind == selfClosingToken {
			r.finishCollector()
		}
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
			f.close, f.link, tag = "</a>", href, linkTag(href)
		}
	case "ss", "c_i":
		// Emoticons and the newer clients' c_i show as their content.
	default:
		r.w.text(t.raw)
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
	case tag != "":
		r.w.inline(tag)
	}
	if f.link != "" {
		r.w.links++
		f.mark = r.w.size()
	}
	r.open = append(r.open, f)
}

// end handles an end tag: it closes the innermost open element of that
// name and any opened inside it. Stray end tags of known elements are
// dropped; others show as text.
func (r *renderer) end(t token) {
	for k := len(r.open) - 1; k >= 0; k-- {
		if r.open[k].name == t.name {
			r.closeTo(k)
			return
		}
	}
	if _, ok := collected[t.name]; !ok && !knownElements[t.name] {
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
			if r.w.size() == f.mark {
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
		c.render(c, &r.w)
	}
}

// knownElements are the elements rendered through frames; their stray end
// tags are dropped rather than shown.
var knownElements = map[string]bool{"b": true, "i": true, "s": true, "pre": true, "quote": true, "a": true, "ss": true, "c_i": true}

// linkTag returns the start tag of a link to href, which linkTarget approved.
func linkTag(href string) string {
	var b strings.Builder
	b.WriteString(`<a href="`)
	writeEscaped(&b, href, true)
	b.WriteString(`" rel="nofollow noopener">`)
	return b.String()
}

// writer builds the output: HTML, or plain text for PlainTitle.
//
// In HTML, white space is held back in pending until more content follows,
// so that a body never starts or ends with a line break, nor does the
// inside of a blockquote or pre (edge is set at those boundaries).
type writer struct {
	plain   bool
	out     strings.Builder
	pending []byte      // HTML: white space not written yet
	edge    bool        // HTML: at the start of a block, where white space is dropped
	pre     int         // HTML: open pre elements: line breaks stay "\n"
	links   int         // open links: bare URLs are not linked inside them
	media   *mediaLinks // HTML: the shared files the archive keeps; nil when not shown

	quoted      strings.Builder // plain: the text of quotes
	quotes      int             // plain: open quotes
	space       bool            // plain: a space is due before the next word in out
	quotedSpace bool            // plain: the same for quoted
}

// size returns how much has been written.
func (w *writer) size() int { return w.out.Len() + w.quoted.Len() }

// text writes decoded body text.
func (w *writer) text(s string) {
	if w.plain {
		w.plainText(s)
		return
	}
	core := strings.TrimLeft(s, spaces)
	if !w.edge {
		w.pending = append(w.pending, s[:len(s)-len(core)]...)
	}
	if core == "" {
		return
	}
	trimmed := strings.TrimRight(core, spaces)
	w.flush()
	w.edge = false
	for rest := trimmed; rest != ""; {
		start, end := -1, -1
		if w.links == 0 {
			start, end = nextURL(rest)
		}
		if start < 0 {
			w.lines(rest)
			break
		}
		w.lines(rest[:start])
		url := rest[start:end]
		w.out.WriteString(linkTag(url))
		writeEscaped(&w.out, url, false)
		w.out.WriteString("</a>")
		rest = rest[end:]
	}
	w.pending = append(w.pending, core[len(trimmed):]...)
}

// lines writes text escaped, with line breaks (LF, CR LF or CR) as <br>
// outside pre and as LF inside it.
func (w *writer) lines(s string) {
	for s != "" {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			writeEscaped(&w.out, s, false)
			return
		}
		writeEscaped(&w.out, s[:i], false)
		if w.pre > 0 {
			w.out.WriteByte('\n')
		} else {
			w.out.WriteString("<br>")
		}
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
}

// flush writes the pending white space.
func (w *writer) flush() {
	if len(w.pending) > 0 {
		w.lines(string(w.pending))
		w.pending = w.pending[:0]
	}
}

// inline writes an inline start tag, or a whole inline fragment.
func (w *writer) inline(html string) {
	if w.plain {
		return
	}
	w.flush()
	w.edge = false
	w.out.WriteString(html)
}

// closeInline writes an inline end tag. Pending white space stays pending,
// to be written after it if more content follows.
func (w *writer) closeInline(html string) {
	if !w.plain {
		w.out.WriteString(html)
	}
}

// blockTag writes a start or end tag of a block element (pre, blockquote).
func (w *writer) blockTag(html string) {
	if w.plain {
		w.blockSpace()
		return
	}
	w.pending = w.pending[:0]
	w.out.WriteString(html)
	w.edge = true
}

// openQuote starts a quote with its header line (author and date), if any.
// Plain text keeps quotes apart, for PlainTitle.
func (w *writer) openQuote(header string) {
	if w.plain {
		w.quotes++
		w.blockSpace()
		return
	}
	w.blockTag("<blockquote>")
	if header != "" {
		w.out.WriteString("<small>")
		writeEscaped(&w.out, header, false)
		w.out.WriteString("</small><br>")
	}
}

func (w *writer) closeQuote() {
	if w.plain {
		w.blockSpace()
		w.quotes--
		return
	}
	w.blockTag("</blockquote>")
}

// blockSpace separates words across a block boundary in plain text.
func (w *writer) blockSpace() {
	if w.quotes > 0 {
		w.quotedSpace = w.quoted.Len() > 0
	} else {
		w.space = w.out.Len() > 0
	}
}

// plainText appends s with white space collapsed to single spaces.
func (w *writer) plainText(s string) {
	b, space := &w.out, &w.space
	if w.quotes > 0 {
		b, space = &w.quoted, &w.quotedSpace
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			*space = b.Len() > 0
			continue
		}
		if *space {
			b.WriteByte(' ')
			*space = false
		}
		b.WriteRune(r)
	}
}

// Tokens

type tokenKind int

const (
	textToken tokenKind = iota
	startToken
	endToken
	selfClosingToken
)

type attr struct{ name, value string } // name lower case, value decoded

type token struct {
	kind  tokenKind
	name  string // element name, lower case
	attrs []attr
	raw   string // the token as it is in the body
}

// attr returns the value of the named attribute, or "".
func (t token) attr(name string) string { return attrValue(t.attrs, name) }

// tokenizer splits a body into text and tags. A tag is XML-like: a name,
// then attributes that each have a quoted value; anything else starting
// with "<" is text. A tag cannot contain "<" (XML forbids it in attribute
// values too), so a failed attempt never reads past the next "<", and the
// whole body is read in linear time.
type tokenizer struct {
	s       string
	pos     int
	held    token // a tag found after text, returned on the next call
	holding bool
}

func (t *tokenizer) next() (token, bool) {
	if t.holding {
		t.holding = false
		return t.held, true
	}
	if t.pos >= len(t.s) {
		return token{}, false
	}
	start := t.pos
	for i := start; ; i++ {
		j := strings.IndexByte(t.s[i:], '<')
		if j < 0 {
			t.pos = len(t.s)
			return token{kind: textToken, raw: t.s[start:]}, true
		}
		i += j
		if tok, end, ok := parseTag(t.s, i); ok {
			t.pos = end
			if i == start {
				return tok, true
			}
			t.held, t.holding = tok, true
			return token{kind: textToken, raw: t.s[start:i]}, true
		}
	}
}

// parseTag parses the tag starting with the "<" at s[i].
func parseTag(s string, i int) (tok token, end int, ok bool) {
	j := i + 1
	tok.kind = startToken
	if j < len(s) && s[j] == '/' {
		tok.kind = endToken
		j++
	}
	n := nameLen(s[j:])
	if n == 0 {
		return tok, 0, false
	}
	tok.name = strings.ToLower(s[j : j+n])
	j += n
	for {
		k := j
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k >= len(s) {
			return tok, 0, false
		}
		switch {
		case s[k] == '>':
			tok.raw = s[i : k+1]
			return tok, k + 1, true
		case s[k] == '/' && tok.kind == startToken && k+1 < len(s) && s[k+1] == '>':
			tok.kind = selfClosingToken
			tok.raw = s[i : k+2]
			return tok, k + 2, true
		case tok.kind == endToken || k == j:
			return tok, 0, false // end tags have no attributes; attributes follow space
		}
		j = k
		n := nameLen(s[j:])
		if n == 0 {
			return tok, 0, false
		}
		name := strings.ToLower(s[j : j+n])
		j += n
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			return tok, 0, false
		}
		j++
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '"' && s[j] != '\'' {
			return tok, 0, false
		}
		q := s[j]
		j++
		v := j
		for j < len(s) && s[j] != q && s[j] != '<' {
			j++
		}
		if j >= len(s) || s[j] == '<' {
			return tok, 0, false
		}
		tok.attrs = append(tok.attrs, attr{name, decodeEntities(s[v:j])})
		j++
	}
}

// nameLen returns the length of the XML-like name at the start of s: an
// ASCII letter or "_", then letters, digits, "_", "-", "." or ":".
func nameLen(s string) int {
	if s == "" || !isLetter(s[0]) && s[0] != '_' {
		return 0
	}
	n := 1
	for n < len(s) {
		c := s[n]
		if !isLetter(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != ':' {
			break
		}
		n++
	}
	return n
}
