package markup

import "bytes"

// textSink collects the text a browser shows of the HTML the writer writes
// alongside, as innerText reads it (HTML standard, "the innerText getter
// steps", for the elements the writer writes, with the style sheet's
// white-space: pre-wrap on pre):
//   - outside pre, a run of spaces, tabs and line feeds is one space, and
//     there is none at the start or end of a line;
//   - <br> is a line break;
//   - the edges of blocks (blockquote, pre) are a line break, one for a run
//     of edges, none at the start or end of the text.
type textSink struct {
	b         []byte
	space     bool // white space met since the last character
	edge      bool // a block edge met since the last character
	lineStart bool // the last thing written was a line break
}

// write appends text; inside pre its white space is kept as it is.
func (t *textSink) write(s string, pre bool) {
	if pre {
		if s != "" {
			t.startContent()
			t.b = append(t.b, s...)
			t.lineStart = s[len(s)-1] == '\n'
		}
		return
	}
	for s != "" {
		if isSpace(s[0]) {
			t.space = true
			s = trimSpaceLeft(s)
			continue
		}
		// A run of characters and single spaces, written as it is.
		j := 1
		for j < len(s) && !(isSpace(s[j]) && (s[j] != ' ' || j+1 == len(s) || isSpace(s[j+1]))) {
			j++
		}
		t.startContent()
		t.b = append(t.b, s[:j]...)
		t.lineStart = false
		s = s[j:]
	}
}

// startContent writes the line break or space due before more characters.
func (t *textSink) startContent() {
	if t.edge {
		t.edge, t.space = false, false
		if len(t.b) > 0 {
			t.b = append(t.b, '\n')
			t.lineStart = true
		}
	}
	if t.space {
		t.space = false
		if len(t.b) > 0 && !t.lineStart {
			t.b = append(t.b, ' ')
		}
	}
}

// lineBreak appends the line break of a <br>.
func (t *textSink) lineBreak() {
	t.space = false
	if t.edge {
		t.edge = false
		if len(t.b) > 0 {
			t.b = append(t.b, '\n')
		}
	}
	t.b = append(t.b, '\n')
	t.lineStart = true
}

// blockEdge notes the start or end of a block.
func (t *textSink) blockEdge() {
	t.space = false
	t.edge = true
}

// String returns the text, without line breaks at its ends.
func (t *textSink) String() string {
	return string(bytes.Trim(t.b, "\n"))
}

// reset empties the sink, keeping its room unless it grew large.
func (t *textSink) reset() {
	b := t.b[:0]
	if cap(b) > 64<<10 {
		b = nil
	}
	*t = textSink{b: b}
}
