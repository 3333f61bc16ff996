package store

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Span is a piece of a fragment; Match marks the words the search found.
type Span struct {
	Text  string
	Match bool
}

// fragmentBytes is about how much text a fragment shows around its first match.
const fragmentBytes = 200

// highlightTerms lists the index terms of the query's words and phrases.
func (s *Store) highlightTerms(q Query) map[string]bool {
	a := s.analyzer()
	terms := map[string]bool{}
	for _, group := range [][]string{q.Words, q.Phrases} {
		for _, w := range group {
			for _, tok := range a.Analyze([]byte(w)) {
				terms[string(tok.Term)] = true
			}
		}
	}
	return terms
}

func (s *Store) analyzer() analysis.Analyzer {
	return s.index.mapping.AnalyzerNamed(analyzer)
}

// fragment cuts the part of text around its first match and marks every
// match in it. Without matches (a search by author or date) it is the start
// of the text.
func (s *Store) fragment(text string, terms map[string]bool) []Span {
	tokens := s.analyzer().Analyze([]byte(text))
	first := -1
	for i, tok := range tokens {
		if terms[string(tok.Term)] {
			first = i
			break
		}
	}
	start := 0
	if first >= 0 && tokens[first].Start > fragmentBytes/3 {
		start = runeStart(text, tokens[first].Start-fragmentBytes/3)
	}
	end := len(text)
	if end-start > fragmentBytes {
		end = runeStart(text, start+fragmentBytes)
	}
	var spans []Span
	if start > 0 {
		spans = append(spans, Span{Text: "…"})
	}
	at := start
	for _, tok := range tokens[max(first, 0):] {
		if tok.Start < start || !terms[string(tok.Term)] {
			continue
		}
		if tok.End > end {
			break
		}
		spans = appendText(spans, text[at:tok.Start])
		spans = append(spans, Span{Text: text[tok.Start:tok.End], Match: true})
		at = tok.End
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
