package store

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// A broad search (a common word: "the" is in three messages of ten) matches
// hundreds of thousands of messages. Counting them all, or scoring them all
// to rank the best twenty, takes a hundred milliseconds at a million
// messages while someone waits for the page. A quick search
// (SearchOptions.Quick) therefore follows one rule:
//
//   - it counts and ranks up to exactUpTo matches exactly, as any search,
//     and a single word's up to wordRankedUpTo: the index keeps a word's
//     count, and scoring one word's match is cheap (50,000 in ~7 ms);
//   - past that it stops counting: the total is "more than exactUpTo",
//     or, for a single word, exact;
//   - by relevance it ranks the newest matches only: those of the shortest
//     window of time back from the archive's newest day (timeWindows)
//     holding at least rankedAtLeast of them, scored and ordered as among
//     all matches. The pages reach as far as they go; newest or oldest
//     first still lists every match;
//   - by time it finds the page in a window of time (searchByTime);
//   - a search limited to dates (date:, since and until) counts its
//     windows back from its own last day (or, oldest first, on from its
//     first) when the archive's edge lies beyond: a window before its
//     dates would hold nothing. A window that reaches past the search's
//     other end holds all its matches, and the search is ranked whole.
var (
	exactUpTo      = 5_000
	wordRankedUpTo = 50_000
	rankedAtLeast  = 200
)

// timeWindows are how many days from the archive's newest message (or its
// oldest, oldest first) a broad search looks in first. Sorting every hit
// of a common word by time means reading each one's time; the hits of the
// last week, month, quarter, half year or two years are far fewer, and once a
// window holds enough of them for the page, the page is theirs.
var timeWindows = []int{7, 31, 92, 183, 731}

// sortAllBelow is how many hits a search by time sorts without windows.
var sortAllBelow uint64 = 5000

// dayRange is the dates a search is limited to: since (a UTC day) up to
// until, exclusive; a zero end is open.
type dayRange struct{ since, until time.Time }

// window matches the messages sent on the UTC days from since through
// until that the search asks for: a window of time, narrowed to the
// search's dates, so that an open side does not range over every day
// after (or before) them.
func (r dayRange) window(since, until time.Time) query.Query {
	if first := r.firstDay(); !r.since.IsZero() && (since.IsZero() || first.After(since)) {
		since = first
	}
	if last := r.lastDay(); !r.until.IsZero() && (until.IsZero() || last.Before(until)) {
		until = last
	}
	return window(since, until)
}

// firstDay and lastDay are the first and last UTC days of the range
// (meaningless for an open side).
func (r dayRange) firstDay() time.Time { return r.since.UTC().Truncate(24 * time.Hour) }
func (r dayRange) lastDay() time.Time {
	return r.until.UTC().Add(-time.Nanosecond).Truncate(24 * time.Hour)
}

// windowEdge is the UTC day a quick search's windows start from: the
// archive's newest (or oldest) counted day, or the search's own last (or
// first) day when that is nearer. known is false for an archive the
// statistics have not counted yet.
func (s *Store) windowEdge(ctx context.Context, within dayRange, oldest bool) (edge time.Time, known bool, err error) {
	if edge, known, err = s.countedEdge(ctx, oldest); err != nil || !known {
		return edge, known, err
	}
	if first := within.firstDay(); oldest && !within.since.IsZero() && first.After(edge) {
		return first, true, nil
	}
	if last := within.lastDay(); !oldest && !within.until.IsZero() && last.Before(edge) {
		return last, true, nil
	}
	return edge, true, nil
}

// searchByRelevance finds a page of hits, most relevant first, and how
// many match (see the rule above for a quick search).
func (s *Store) searchByRelevance(ctx context.Context, idx bleve.Index, bq query.Query, opts SearchOptions, within dayRange) (*bleve.SearchResult, SearchResult, error) {
	rank := func(q query.Query) (*bleve.SearchResult, error) {
		req := bleve.NewSearchRequestOptions(q, opts.Limit, opts.Offset, false)
		req.SortBy([]string{"-_score"})
		return idx.SearchInContext(ctx, req)
	}
	exact := func(res *bleve.SearchResult, err error) (*bleve.SearchResult, SearchResult, error) {
		if err != nil {
			return nil, SearchResult{}, err
		}
		return res, SearchResult{Total: int(res.Total)}, nil
	}
	if !opts.Quick {
		return exact(rank(bq))
	}
	var out SearchResult
	n, word, err := s.wordCount(ctx, idx, bq)
	switch {
	case err != nil:
		return nil, SearchResult{}, err
	case word && n <= wordRankedUpTo:
		return exact(rank(bq))
	case word:
		out.Total = n
	default:
		c := &capped{Query: bq, limit: exactUpTo}
		res, err := rank(c)
		if err != nil || !c.over {
			return exact(res, err)
		}
		out = SearchResult{Total: exactUpTo, TotalAtLeast: true}
	}
	edge, known, err := s.windowEdge(ctx, within, false)
	if err != nil {
		return nil, SearchResult{}, err
	}
	if known {
		for _, days := range timeWindows {
			since := edge.AddDate(0, 0, -days)
			if !within.since.IsZero() && !since.After(within.since) {
				break // the window holds every day the search asks for
			}
			windowed := bleve.NewBooleanQuery()
			windowed.AddMust(bq, unscored{within.window(since, time.Time{})})
			res, err := rank(windowed)
			if err != nil {
				return nil, SearchResult{}, err
			}
			if res.Total >= uint64(rankedAtLeast) {
				out.RankedSince, out.Ranked = since, int(res.Total)
				return res, out, nil
			}
		}
	}
	return exact(rank(bq)) // its newest matches are few: rank them all
}

// searchByTime finds a page of hits newest (or oldest) first, and how many
// match. A window is open on the side the page starts from (every hit
// newer than its first day, or older than its last), so the first hits it
// holds are the first hits of all.
func (s *Store) searchByTime(ctx context.Context, idx bleve.Index, bq query.Query, opts SearchOptions, within dayRange) (*bleve.SearchResult, SearchResult, error) {
	order := []string{"-" + fieldDay, "-" + fieldTOD, "-_id"}
	if opts.Oldest {
		order = []string{fieldDay, fieldTOD, "_id"}
	}
	page := func(q query.Query) (*bleve.SearchResult, error) {
		req := bleve.NewSearchRequestOptions(q, opts.Limit, opts.Offset, false)
		req.SortBy(order)
		req.Score = bleve.ScoreNone // the order is by time
		return idx.SearchInContext(ctx, req)
	}
	out, err := s.countMatches(ctx, idx, bq, opts.Quick)
	if err != nil {
		return nil, SearchResult{}, err
	}
	need := opts.Offset + opts.Limit
	edge, known, err := s.windowEdge(ctx, within, opts.Oldest)
	if err != nil {
		return nil, SearchResult{}, err
	}
	if known && uint64(out.Total) >= sortAllBelow && out.Total > need {
		for _, days := range timeWindows {
			w := within.window(edge.AddDate(0, 0, -days), time.Time{})
			whole := !within.since.IsZero() && !edge.AddDate(0, 0, -days).After(within.since)
			if opts.Oldest {
				w = within.window(time.Time{}, edge.AddDate(0, 0, days))
				whole = !within.until.IsZero() && !edge.AddDate(0, 0, days+1).Before(within.until)
			}
			if whole {
				break // the window holds every day the search asks for
			}
			windowed := bleve.NewBooleanQuery()
			windowed.AddMust(bq, w)
			res, err := page(windowed)
			if err != nil {
				return nil, SearchResult{}, err
			}
			if res.Total >= uint64(need) {
				return res, out, nil
			}
		}
	}
	res, err := page(bq)
	return res, out, err
}

// countMatches counts a search's matches. A quick count takes a single
// word's count from the index and stops counting others past exactUpTo.
func (s *Store) countMatches(ctx context.Context, idx bleve.Index, bq query.Query, quick bool) (SearchResult, error) {
	if quick {
		if n, word, err := s.wordCount(ctx, idx, bq); err != nil || word {
			return SearchResult{Total: n}, err
		}
	}
	q, c := bq, &capped{Query: bq, limit: exactUpTo}
	if quick {
		q = c
	}
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.Score = bleve.ScoreNone
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return SearchResult{}, err
	}
	if c.over {
		return SearchResult{Total: exactUpTo, TotalAtLeast: true}, nil
	}
	return SearchResult{Total: int(res.Total)}, nil
}

// wordCount is how many messages a search of a single word matches, which
// the index keeps; word is false for any other search.
func (s *Store) wordCount(ctx context.Context, idx bleve.Index, bq query.Query) (n int, word bool, err error) {
	if _, word := bq.(*query.TermQuery); !word {
		return 0, false, nil
	}
	adv, err := idx.Advanced()
	if err != nil {
		return 0, false, fmt.Errorf("store: count matches: %w", err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return 0, false, fmt.Errorf("store: count matches: %w", err)
	}
	defer reader.Close()
	searcher, err := bq.Searcher(ctx, reader, idx.Mapping(), search.SearcherOptions{Score: bleve.ScoreNone})
	if err != nil {
		return 0, false, fmt.Errorf("store: count matches: %w", err)
	}
	defer searcher.Close()
	return int(searcher.Count()), true, nil
}

// window matches the messages sent on the UTC days from since through
// until; a zero end leaves that side open.
func window(since, until time.Time) query.Query {
	var lo, hi string
	if !since.IsZero() {
		lo = since.Format(time.DateOnly)
	}
	if !until.IsZero() {
		hi = until.Format(time.DateOnly)
	}
	return dayWindow{lo: lo, hi: hi}
}

// capped matches what its query matches, stopping after limit matches;
// over reports a match past the limit.
type capped struct {
	query.Query
	limit int
	over  bool
}

func (c *capped) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	inner, err := c.Query.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return &cappedSearcher{Searcher: inner, of: c, left: c.limit}, nil
}

// Validate checks the query it wraps, as a search checks its query.
func (c *capped) Validate() error { return validate(c.Query) }

type cappedSearcher struct {
	search.Searcher
	of   *capped
	left int
}

func (c *cappedSearcher) Next(sctx *search.SearchContext) (*search.DocumentMatch, error) {
	return c.take(sctx)(c.Searcher.Next(sctx))
}

func (c *cappedSearcher) Advance(sctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	return c.take(sctx)(c.Searcher.Advance(sctx, id))
}

// take passes a match on while the limit allows.
func (c *cappedSearcher) take(sctx *search.SearchContext) func(*search.DocumentMatch, error) (*search.DocumentMatch, error) {
	return func(d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
		if d == nil || err != nil {
			return d, err
		}
		if c.left == 0 {
			c.of.over = true
			sctx.DocumentMatchPool.Put(d)
			return nil, nil
		}
		c.left--
		return d, nil
	}
}

// unscored matches what its query matches and adds nothing to scores: a
// filter (a window of time, words left out) that costs no scoring and
// leaves the scores of the rest of the query as they are without it.
type unscored struct{ query.Query }

func (u unscored) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, _ search.SearcherOptions) (search.Searcher, error) {
	inner, err := u.Query.Searcher(ctx, r, m, search.SearcherOptions{Score: bleve.ScoreNone})
	if err != nil {
		return nil, err
	}
	return weightless{inner}, nil
}

// Validate checks the query it wraps, as a search checks its query.
func (u unscored) Validate() error { return validate(u.Query) }

// weightless takes no part in its siblings' query norm.
type weightless struct{ search.Searcher }

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}

func validate(q query.Query) error {
	if v, ok := q.(query.ValidatableQuery); ok {
		return v.Validate()
	}
	return nil
}
