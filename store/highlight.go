package store

import (
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Span is a piece of a fragment; Match marks what the search found: a word,
// or a whole phrase as one span.
type Span struct {
	Text  string
	Match bool
}

// fragmentBytes is about how much text a fragment shows around its first match.
const fragmentBytes = 200

// highlighter finds in a text what a query looked for: its words anywhere,
// its phrases only where their words stand together, in order.
type highlighter struct {
	analyzer analysis.Analyzer
	words    map[string]bool
	phrases  [][]string // index terms of each phrase, longest first
}

// newHighlighter prepares the highlighting of a query's words and phrases.
func (s *Store) newHighlighter(q Query) *highlighter {
	h := &highlighter{analyzer: s.analyzer(), words: map[string]bool{}}
	for _, w := range q.Words {
		for _, tok := range h.analyzer.Analyze([]byte(w)) {
			h.words[string(tok.Term)] = true
		}
	}
	for _, p := range q.Phrases {
		var terms []string
		for _, tok := range h.analyzer.Analyze([]byte(p)) {
			terms = append(terms, string(tok.Term))
		}
		switch len(terms) {
		case 0:
		case 1: // a phrase of one word is that word
			h.words[terms[0]] = true
		default:
			h.phrases = append(h.phrases, terms)
		}
	}
	slices.SortStableFunc(h.phrases, func(a, b []string) int { return len(b) - len(a) })
	return h
}

func (s *Store) analyzer() analysis.Analyzer {
	return s.index.mapping.AnalyzerNamed(analyzer)
}

// matchRange is a match in a text, in bytes.
type matchRange struct{ start, end int }

// matches lists the matches in text, in order, never overlapping.
func (h *highlighter) matches(text string) []matchRange {
	tokens := h.analyzer.Analyze([]byte(text))
	var out []matchRange
	for i := 0; i < len(tokens); {
		if n := h.phraseAt(tokens[i:]); n > 0 {
			out = append(out, matchRange{tokens[i].Start, tokens[i+n-1].End})
			i += n
			continue
		}
		if h.words[string(tokens[i].Term)] {
			out = append(out, matchRange{tokens[i].Start, tokens[i].End})
		}
		i++
	}
	return out
}

// phraseAt reports how many tokens a phrase starting at tokens[0] covers, or 0.
func (h *highlighter) phraseAt(tokens analysis.TokenStream) int {
next:
	for _, p := range h.phrases {
		if len(p) > len(tokens) {
			continue
		}
		for j, term := range p {
			if string(tokens[j].Term) != term {
				continue next
			}
		}
		return len(p)
	}
	return 0
}

// fragment cuts the part of text around its first match and marks every
// match in it. Without matches (a search by author or date) it is the start
// of the text.
func (h *highlighter) fragment(text string) []Span {
	found := h.matches(text)
	start := 0
	if len(found) > 0 && found[0].start > fragmentBytes/3 {
		start = runeStart(text, found[0].start-fragmentBytes/3)
	}
	end := len(text)
	if end-start > fragmentBytes {
		end = runeStart(text, start+fragmentBytes)
		if len(found) > 0 && found[0].end > end { // a long phrase shows whole
			end = found[0].end
		}
	}
	var spans []Span
	if start > 0 {
		spans = append(spans, Span{Text: "…"})
	}
	at := start
	for _, m := range found {
		if m.start < start {
			continue
		}
		if m.end > end {
			break
		}
		spans = appendText(spans, text[at:m.start])
		spans = append(spans, Span{Text: text[m.start:m.end], Match: true})
		at = m.end
	}
	spans = appendText(spans, text[at:end])
	if end < len(text) {
		spans = appendText(spans, "…")
	}
	return spans
}

func appendText(spans []Span, s string) []Span {
	if s == "" {
		return spans
	}
	if n := len(spans); n > 0 && !spans[n-1].Match {
		spans[n-1].Text += s
		return spans
	}
	return append(spans, Span{Text: s})
}

// runeStart moves i back to the start of the rune it falls in.
func runeStart(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}
