package store

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	index "github.com/blevesearch/bleve_index_api"
)

// TestDocumentsAsMapped checks that the documents the index builds
// directly are the ones Bleve's mapping makes of the same message by
// reflection: the same fields, options, values, and after analysis the
// same terms at the same positions and offsets, in either order of
// analysis.
func TestDocumentsAsMapped(t *testing.T) {
	m := newMapping()
	builder, err := newDocBuilder(m)
	if err != nil {
		t.Fatal(err)
	}
	counted := &countingAnalyzer{Analyzer: builder.words}
	builder.words = counted
	for i, msg := range indexedMessages(2000) {
		id := fmt.Sprint(i)
		mapped := document.NewDocument(id)
		if err := m.MapDocument(mapped, asMapped(msg)); err != nil {
			t.Fatal(err)
		}
		want := analyzed(mapped, false)
		counted.n = 0
		if got := analyzed(builder.document(id, msg), false); !reflect.DeepEqual(got, want) {
			t.Fatalf("message %q:\n built %v\nmapped %v", msg.Text, got, want)
		}
		if counted.n != 1 {
			t.Fatalf("message %q tokenized %d times, want once for its words and pairs", msg.Text, counted.n)
		}
		if got := analyzed(builder.document(id, msg), true); !reflect.DeepEqual(got, want) {
			t.Fatalf("message %q, fields analyzed last first:\n built %v\nmapped %v", msg.Text, got, want)
		}
	}
}

// mappedMessage is a message as the mapping reads it, by field name.
type mappedMessage struct {
	Text  string `json:"text"`
	Pairs string `json:"pairs"`
	From  string `json:"from"`
	Chat  string `json:"chat"`
	Day   string `json:"day"`
	TOD   string `json:"tod"`
}

func asMapped(m *indexedMessage) mappedMessage {
	return mappedMessage{Text: m.Text, Pairs: m.Text, From: m.From, Chat: m.Chat, Day: m.Day, TOD: m.TOD}
}

// analyzed describes a document's fields after analysis, in their order.
func analyzed(d *document.Document, backwards bool) []string {
	fields := slices.Clone(d.Fields)
	if backwards {
		slices.Reverse(fields)
	}
	for _, f := range fields {
		if f.Options().IsIndexed() {
			f.Analyze()
		}
	}
	var out []string
	for _, f := range d.Fields {
		var terms []string
		for term, freq := range f.AnalyzedTokenFrequencies() {
			var at []string
			for _, l := range freq.Locations {
				at = append(at, fmt.Sprintf("%d:%d-%d%v", l.Position, l.Start, l.End, l.ArrayPositions))
			}
			terms = append(terms, fmt.Sprintf("%q×%d@%s", term, freq.Frequency(), strings.Join(at, ",")))
		}
		slices.Sort(terms)
		out = append(out, fmt.Sprintf("%s %v %q %v len=%d %T [%s]", f.Name(), f.Options(), f.Value(), f.ArrayPositions(),
			f.AnalyzedLength(), f.(index.Field), strings.Join(terms, " ")))
	}
	return append(out, fmt.Sprintf("composite=%d indexed=%v", len(d.CompositeFields), d.Indexed()))
}

// indexedMessages are n messages of what people write: common words in
// runs (pairs), punctuation, numbers, links, apostrophes, scripts other
// than Latin, emoji, case, empty texts and impossible times.
func indexedMessages(n int) []*indexedMessage {
	r := rand.New(rand.NewPCG(14, 1))
	words := []string{"the", "of", "is", "it", "to", "and", "a", "in", "you", "that", "The", "IT", "see", "you're",
		"don't", "trip", "3.14", "1,000", "e.g.", "http://example.com/a?b=c", "C++", "naïve", "Ünïcödé", "привет",
		"мир", "東京", "タワー", "مرحبا", "😀", "👍🏽", "—", "...", "(x)", "a_b", "#tag", "@bob", "ǅ", "ﬁne", "\u202e", "\t", ""}
	msgs := []*indexedMessage{{}, {Text: " "}, {Text: "the the the"}}
	for len(msgs) < n {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteString([]string{" ", " ", " ", ", ", ".", "\n", ""}[r.IntN(7)])
		}
		text := b.String()
		msg := &indexedMessage{Text: text, From: []string{"alice", "live:bob", "8:carol"}[r.IntN(3)],
			Chat: fmt.Sprint(r.IntN(40)), Day: "2013-07-30", TOD: fmt.Sprintf("21:%02d:%02d", r.IntN(60), r.IntN(60))}
		if r.IntN(10) == 0 {
			msg.Day, msg.TOD = "", "" // a suspect time
		}
		msgs = append(msgs, msg)
	}
	return msgs
}

// countingAnalyzer counts the texts it analyzes.
type countingAnalyzer struct {
	analysis.Analyzer
	n int
}

func (c *countingAnalyzer) Analyze(text []byte) analysis.TokenStream {
	c.n++
	return c.Analyzer.Analyze(text)
}

// TestMergeOptionsAsBleveReadsThem reads the index's merge options the way
// Bleve's merger does (JSON over its defaults): segments are bounded, the
// rest is Bleve's.
func TestMergeOptionsAsBleveReadsThem(t *testing.T) {
	raw, err := json.Marshal(runtimeConfig()["scorchMergePlanOptions"])
	if err != nil {
		t.Fatal(err)
	}
	got := mergeplan.DefaultMergePlanOptions
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if err := mergeplan.ValidateMergePlannerOptions(&got); err != nil {
		t.Fatal(err)
	}
	want := mergeplan.DefaultMergePlanOptions
	want.MaxSegmentSize = maxSegmentMessages
	if got.MaxSegmentSize != want.MaxSegmentSize || got.MaxSegmentsPerTier != want.MaxSegmentsPerTier ||
		got.SegmentsPerMergeTask != want.SegmentsPerMergeTask || got.TierGrowth != want.TierGrowth {
		t.Fatalf("merge options %+v, want %+v", got, want)
	}
}
