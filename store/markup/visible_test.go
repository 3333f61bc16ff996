package markup_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// visibleText reads rendered HTML the way a browser does and returns the
// text it shows, as the innerText getter of the HTML standard reads it
// (for the elements the renderer writes, with the page's style sheet:
// blockquote and pre are blocks, pre keeps its white space): text outside
// pre has its runs of white space collapsed to one space and none at the
// start or end of a line; <br> is a line break; the edges of blocks are
// required line breaks (a run of them is one, none at the ends). The result
// is trimmed of line breaks, as Text is. It is written apart from the
// renderer's text writer, from the standard, so that each checks the other.
func visibleText(t testing.TB, rendered string) string {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(rendered), ctx)
	if err != nil {
		t.Fatalf("parse %q: %v", rendered, err)
	}
	var items []item
	for _, n := range nodes {
		items = appendItems(items, n, false)
	}
	return strings.Trim(resolve(items), "\n")
}

// item is a piece of innerText's intermediate list.
type item struct {
	kind itemKind
	text string
}

type itemKind int

const (
	word      itemKind = iota // characters shown as they are
	space                     // collapsible white space
	lineBreak                 // a <br>, or a line feed inside pre
	edge                      // a required line break (the edge of a block)
)

func appendItems(items []item, n *html.Node, pre bool) []item {
	switch n.Type {
	case html.TextNode:
		if pre {
			for i, line := range strings.Split(n.Data, "\n") {
				if i > 0 {
					items = append(items, item{kind: lineBreak})
				}
				if line != "" {
					items = append(items, item{kind: word, text: line})
				}
			}
			return items
		}
		for s := n.Data; s != ""; {
			i := strings.IndexAny(s, " \t\n\r\f")
			switch {
			case i < 0:
				return append(items, item{kind: word, text: s})
			case i > 0:
				items = append(items, item{kind: word, text: s[:i]})
			}
			items = append(items, item{kind: space})
			s = strings.TrimLeft(s[i:], " \t\n\r\f")
		}
		return items
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Br:
			return append(items, item{kind: lineBreak})
		case atom.Img, atom.Script, atom.Style:
			return items
		}
	}
	block := n.Type == html.ElementNode && (n.DataAtom == atom.Blockquote || n.DataAtom == atom.Pre || n.DataAtom == atom.P || n.DataAtom == atom.Div)
	if block {
		items = append(items, item{kind: edge})
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		items = appendItems(items, c, pre || n.DataAtom == atom.Pre)
	}
	if block {
		items = append(items, item{kind: edge})
	}
	return items
}

// resolve turns the list into text: collapsible spaces vanish at the start
// and end of lines and runs of them are one space; edges at the ends
// vanish and a run of them is one line break.
func resolve(items []item) string {
	// Spaces: keep one between two words on the same line.
	var kept []item
	for i, it := range items {
		if it.kind != space {
			kept = append(kept, it)
			continue
		}
		if len(kept) == 0 || kept[len(kept)-1].kind != word {
			continue // at a line's start, or after another space
		}
		j := i + 1
		for j < len(items) && items[j].kind == space {
			j++
		}
		if j < len(items) && items[j].kind == word {
			kept = append(kept, it)
		}
	}
	// Edges.
	var b strings.Builder
	edges, started := false, false
	for _, it := range kept {
		if it.kind == edge {
			edges = true
			continue
		}
		if edges && started {
			b.WriteByte('\n')
		}
		edges, started = false, true
		switch it.kind {
		case word:
			b.WriteString(it.text)
		case space:
			b.WriteByte(' ')
		case lineBreak:
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func TestVisibleText(t *testing.T) {
	for _, c := range []struct{ html, want string }{
		{"a  b", "a b"},
		{"a <b> b</b> c", "a b c"},
		{"a <br> b", "a\nb"},
		{"<blockquote><small>A</small><br>q</blockquote>reply", "A\nq\nreply"},
		{"x<blockquote>a</blockquote><blockquote>b</blockquote>y", "x\na\nb\ny"},
		{"<pre>a  b\n  c</pre>d", "a  b\n  c\nd"},
		{"a&nbsp; b", "a\u00a0 b"},
		{"<i>x</i><br><i>y</i>", "x\ny"},
	} {
		if got := visibleText(t, c.html); got != c.want {
			t.Errorf("visibleText(%q) = %q, want %q", c.html, got, c.want)
		}
	}
}
