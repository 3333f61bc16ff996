package store

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// docBuilder turns a message into its index document directly, as the
// mapping would but without walking a struct by reflection, and tokenizing
// its text once for both the words and the pairs of common words (the
// pairs are the words filtered further). The fields, their options and
// analyzers are the mapping's own; TestDocumentsAsMapped checks that a
// document built here equals the mapping's.
type docBuilder struct {
	text, pairs, from, chat, day, tod fieldSpec
	words                             analysis.Analyzer
	pairsOfWords                      []analysis.TokenFilter // what turns the words into pairs
}

// fieldSpec is how the mapping indexes one field.
type fieldSpec struct {
	name     string
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
}

// messageDocs is the builder of the mapping's documents.
var messageDocs = sync.OnceValues(func() (*docBuilder, error) { return newDocBuilder(newMapping()) })

func newDocBuilder(m *mapping.IndexMappingImpl) (*docBuilder, error) {
	var err error
	spec := func(name string) fieldSpec {
		sub := m.DefaultMapping.Properties[name]
		if sub == nil || len(sub.Fields) != 1 {
			err = fmt.Errorf("store: the index mapping has no single field %q", name)
			return fieldSpec{}
		}
		fm := sub.Fields[0]
		return fieldSpec{name: name, options: fm.Options(), analyzer: m.AnalyzerNamed(fm.Analyzer)}
	}
	b := &docBuilder{text: spec(fieldText), pairs: spec(fieldPairs), from: spec(fieldFrom),
		chat: spec(fieldChat), day: spec(fieldDay), tod: spec(fieldTOD)}
	if err != nil {
		return nil, err
	}
	words, ok1 := b.text.analyzer.(*analysis.DefaultAnalyzer)
	pairs, ok2 := b.pairs.analyzer.(*analysis.DefaultAnalyzer)
	if !ok1 || !ok2 || words.Tokenizer != pairs.Tokenizer || words.CharFilters != nil || pairs.CharFilters != nil ||
		len(pairs.TokenFilters) < len(words.TokenFilters) {
		return nil, fmt.Errorf("store: the pairs analyzer does not extend the words analyzer")
	}
	for i, f := range words.TokenFilters {
		if pairs.TokenFilters[i] != f {
			return nil, fmt.Errorf("store: the pairs analyzer does not extend the words analyzer")
		}
	}
	b.words, b.pairsOfWords = words, pairs.TokenFilters[len(words.TokenFilters):]
	return b, nil
}

// noArrayPositions is what the mapping gives a field outside any array.
var noArrayPositions = []uint64{}

// document is the index document of message id. Its pairs field holds
// the same text as its words: the pairs are made of the words.
func (b *docBuilder) document(id string, m *indexedMessage) *document.Document {
	d := document.NewDocument(id)
	words := &sharedWords{words: b.words}
	add := func(f fieldSpec, value []byte, a analysis.Analyzer) {
		d.AddField(document.NewTextFieldCustom(f.name, noArrayPositions, value, f.options, a))
	}
	text := []byte(m.Text) // one buffer: Bleve's lowercase filter rewrites it in place
	add(b.text, text, words)
	add(b.pairs, text, &pairsOfWords{shared: words, filters: b.pairsOfWords})
	add(b.from, []byte(m.From), b.from.analyzer)
	add(b.chat, []byte(m.Chat), b.chat.analyzer)
	add(b.day, []byte(m.Day), b.day.analyzer)
	add(b.tod, []byte(m.TOD), b.tod.analyzer)
	d.SetIndexed()
	return d
}

// sharedWords analyzes a message's text into words and keeps them for
// its pairs. One per document: Bleve analyzes a document's fields in turn.
type sharedWords struct {
	words analysis.Analyzer
	found analysis.TokenStream
	done  bool
}

func (s *sharedWords) Analyze(text []byte) analysis.TokenStream {
	s.found, s.done = s.words.Analyze(text), true
	return s.found
}

// pairsOfWords analyzes the text into pairs of common words, from the
// words already found in it (or finding them, when analyzed first).
type pairsOfWords struct {
	shared  *sharedWords
	filters []analysis.TokenFilter
}

func (p *pairsOfWords) Analyze(text []byte) analysis.TokenStream {
	tokens := p.shared.found
	if !p.shared.done {
		tokens = p.shared.words.Analyze(text)
	}
	for _, f := range p.filters {
		tokens = f.Filter(tokens)
	}
	return tokens
}
