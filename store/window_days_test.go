package store

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A window of days matches what the term range over the days matches, in
// an index of many segments with deleted and replaced documents, alone
// and beside words, as a filter of a ranked search and in a search by
// time, its last day in or out, made afresh and kept: the same hits with
// the same scores in the same order.
func TestDayWindowMatchesTheTermRange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	// Each batch written and closed is a segment on disk, which this merge
	// plan leaves mostly alone: deleted documents stay in their segments.
	unmerged := map[string]any{"scorchMergePlanOptions": map[string]any{"MaxSegmentsPerTier": 1000, "SegmentsPerMergeTask": 1000}}
	idx, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, unmerged)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(7))
	first := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	words := []string{"trip", "the", "see", "you", "trip the", "see you there", "the trip the"}
	for batch := range 12 {
		if batch > 0 {
			if idx, err = bleve.OpenUsing(path, unmerged); err != nil {
				t.Fatal(err)
			}
		}
		b := idx.NewBatch()
		for i := range 150 {
			id := fmt.Sprint(batch*150 + i)
			day := first.AddDate(0, 0, rng.Intn(400)).Format(time.DateOnly)
			b.Index(id, map[string]any{fieldText: words[rng.Intn(len(words))] + " " + id, fieldDay: day, fieldTOD: "12:00:00"})
		}
		for range 20 { // some deleted, some written again (deleted in their old segment)
			id := fmt.Sprint(rng.Intn((batch + 1) * 150))
			if rng.Intn(2) == 0 {
				b.Delete(id)
			} else {
				b.Index(id, map[string]any{fieldText: "trip again " + id, fieldDay: first.AddDate(0, 0, rng.Intn(400)).Format(time.DateOnly), fieldTOD: "13:00:00"})
			}
		}
		if err := idx.Batch(b); err != nil {
			t.Fatal(err)
		}
		if err := idx.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// Read only: no merge renumbers the documents between two searches
	// (hits of one score come in the order of their numbers).
	if idx, err = bleve.OpenUsing(path, map[string]any{"read_only": true}); err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.(*scorch.IndexSnapshot).Segments()); n < 2 {
		t.Fatalf("%d segment, want several", n)
	}
	r.Close()
	term := func(w string) query.Query {
		q := bleve.NewTermQuery(w)
		q.SetField(fieldText)
		return q
	}
	tripNotThe := bleve.NewBooleanQuery()
	tripNotThe.AddMust(term("trip"))
	tripNotThe.AddMustNot(unscored{term("the")})
	day := func(n int) string { return first.AddDate(0, 0, n).Format(time.DateOnly) }
	through := func(lo, hi string) dayWindow { return dayWindow{lo: lo, hi: hi} }
	before := func(lo, hi string) dayWindow { return dayWindow{lo: lo, hi: hi, beforeHi: true} }
	windows := []dayWindow{through(day(393), ""), through(day(369), ""), through(day(200), ""), through("", ""),
		through("", day(30)), through(day(100), day(100)), through(day(50), day(80)), through(day(500), ""),
		through("", day(-1)), through(day(80), day(50)), before(day(200), ""), before(day(50), day(80)),
		before("", day(30)), before(day(100), day(100)), before(day(100), day(101))}
	search := func(q query.Query, byTime bool) string {
		req := bleve.NewSearchRequestOptions(q, 50, 0, false)
		req.SortBy([]string{"-_score"})
		if byTime {
			req.SortBy([]string{"-" + fieldDay, "-" + fieldTOD, "-_id"})
			req.Score = bleve.ScoreNone
		}
		res, err := idx.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		out := fmt.Sprint(res.Total, ":")
		for _, h := range res.Hits {
			out += fmt.Sprintf(" %s=%.6f", h.ID, h.Score)
		}
		return out
	}
	for round := range 2 { // made, then kept
		for _, w := range windows {
			for _, words := range []query.Query{nil, term("trip"), tripNotThe} {
				for _, byTime := range []bool{false, true} {
					with := func(filter query.Query) query.Query {
						if words == nil {
							return filter // alone: scored when ranked, as a search of dates only is
						}
						if !byTime {
							filter = unscored{filter} // as the quick search and the dates filter a ranked search
						}
						b := bleve.NewBooleanQuery()
						b.AddMust(words, filter)
						return b
					}
					got, want := search(with(w), byTime), search(with(w.termRange()), byTime)
					if got != want {
						t.Errorf("round %d, days %+v, words %v, by time %v:\n got %s\nwant %s", round, w, words, byTime, got, want)
					}
				}
			}
		}
	}
}
