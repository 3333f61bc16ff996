package store

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// A phrase of common words ("is it", "of the") is slow to find: both words
// are in most messages and every one of those must be checked for the words'
// positions. So the index also keeps each pair of adjacent common words as a
// single term (akin to Lucene's "common grams"): the pair is far rarer than
// its words, and a phrase search narrows to the messages holding it first.
// A phrase with an uncommon word is fast without help. Pairs are few (at
// most the square of the common words), which keeps indexing fast: indexing
// every pair halved its speed.

const commonPairsFilter = "common_pairs"

func init() {
	err := registry.RegisterTokenFilter(commonPairsFilter, func(_ map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
		common, err := cache.TokenMapNamed(en.StopName)
		if err != nil {
			return nil, err
		}
		return commonPairs{common}, nil
	})
	if err != nil {
		panic(err)
	}
}

// commonPairs turns a token stream into the pairs of adjacent common
// tokens, at the first token's position.
type commonPairs struct{ common analysis.TokenMap }

func (f commonPairs) Filter(in analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	for i := 0; i+1 < len(in); i++ {
		a, b := in[i], in[i+1]
		if b.Position != a.Position+1 || !f.common[string(a.Term)] || !f.common[string(b.Term)] {
			continue
		}
		term := make([]byte, 0, len(a.Term)+1+len(b.Term))
		term = append(append(append(term, a.Term...), ' '), b.Term...)
		out = append(out, &analysis.Token{Term: term, Position: a.Position, Start: a.Start, End: b.End, Type: analysis.Shingle})
	}
	return out
}
