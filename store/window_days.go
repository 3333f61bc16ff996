package store

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A quick search's windows of time (search_broad.go) and a search's own
// dates are ranges of days: a term range over the day field, which Bleve
// answers by looking up each day's messages in every segment of the index
// and joining them, for every search. At 10M messages (38 segments) the
// five windows of "trip -the", up to two years of days, took 90 ms. The
// documents of a range in a segment never change (a segment is written
// once), so dayWindow keeps them, by segment and range, for the whole
// process: every search from the same newest day shares its windows, and
// a new segment (or a merged one) is looked up on its own. Results are the
// term range's, hit for hit (TestDayWindowMatchesTheTermRange).

// dayWindow matches the documents whose day is from lo through hi
// ("" leaves that side open; beforeHi leaves hi out), as the term range
// over fieldDay does. The search's own dates are one too.
type dayWindow struct {
	lo, hi   string
	beforeHi bool
}

// termRange is the query dayWindow answers as Bleve would: when asked for
// scores (a window is a filter, which a search asks for unscored), for an
// index that is not Scorch's, and as the reference in tests.
func (w dayWindow) termRange() query.Query {
	inclusive, hiIncluded := true, !w.beforeHi
	r := bleve.NewTermRangeInclusiveQuery(w.lo, w.hi, &inclusive, &hiIncluded)
	r.SetField(fieldDay)
	return r
}

func (w dayWindow) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || o.Score != bleve.ScoreNone {
		return w.termRange().Searcher(ctx, r, m, o)
	}
	segs := snap.Segments()
	s := &windowSearcher{bits: make([]*roaring.Bitmap, len(segs)), offsets: make([]uint64, len(segs))}
	var offset uint64
	for i, ss := range segs {
		// Global document numbers count every document of the segments
		// before, deleted ones too, as Scorch numbers them.
		s.offsets[i], offset = offset, offset+ss.Segment().Count()
		bits, err := windowCache.of(ss.Segment(), w)
		if err != nil {
			return nil, fmt.Errorf("store: the messages of days %s to %s: %w", w.lo, w.hi, err)
		}
		if deleted := ss.Deleted(); deleted != nil && !deleted.IsEmpty() && bits.Intersects(deleted) {
			bits = roaring.AndNot(bits, deleted)
		}
		s.bits[i] = bits
		s.count += bits.GetCardinality()
	}
	windowCache.keepOnly(segs)
	return s, nil
}

// windowCache keeps the documents of the windows asked for, for the
// segments of the newest snapshot that asked.
var windowCache = &segmentWindows{docs: map[segmentWindow]*roaring.Bitmap{}}

// maxWindowsPerSegment bounds how many ranges a segment keeps: a quick
// search asks for five from one edge; the edge moves a day at a time.
const maxWindowsPerSegment = 16

type segmentWindow struct {
	seg    segment.Segment
	window dayWindow
}

type segmentWindows struct {
	mu   sync.Mutex
	docs map[segmentWindow]*roaring.Bitmap // read only once made
}

// of is the documents of seg whose day is in w, deleted ones included.
func (c *segmentWindows) of(seg segment.Segment, w dayWindow) (*roaring.Bitmap, error) {
	key := segmentWindow{seg, w}
	c.mu.Lock()
	bits, ok := c.docs[key]
	c.mu.Unlock()
	if ok {
		return bits, nil
	}
	bits, err := daysOfSegment(seg, w)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.docs[key] = bits
	c.mu.Unlock()
	return bits, nil
}

// keepOnly forgets the segments that are not in segs (merged away), and
// every range once there are more than maxWindowsPerSegment a segment.
func (c *segmentWindows) keepOnly(segs []*scorch.SegmentSnapshot) {
	live := make(map[segment.Segment]bool, len(segs))
	for _, ss := range segs {
		live[ss.Segment()] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	clearAll := len(c.docs) > maxWindowsPerSegment*len(segs)
	for k := range c.docs {
		if clearAll || !live[k.seg] {
			delete(c.docs, k)
		}
	}
}

// daysOfSegment joins the documents of each day of w in seg.
func daysOfSegment(seg segment.Segment, w dayWindow) (*roaring.Bitmap, error) {
	dict, err := seg.Dictionary(fieldDay)
	if err != nil {
		return nil, err
	}
	var end []byte // exclusive: hi, or just after it
	if w.hi != "" && w.beforeHi {
		end = []byte(w.hi)
	} else if w.hi != "" {
		end = append([]byte(w.hi), 0)
	}
	bits := roaring.New()
	if end != nil && w.lo >= string(end) {
		return bits, nil // no day (Vellum would give the first)
	}
	days := dict.AutomatonIterator(nil, []byte(w.lo), end)
	var postings segment.PostingsList
	var each segment.PostingsIterator
	for {
		day, err := days.Next()
		if err != nil {
			return nil, err
		}
		if day == nil {
			break
		}
		if postings, err = dict.PostingsList([]byte(day.Term), nil, postings); err != nil {
			return nil, err
		}
		each = postings.Iterator(false, false, false, each)
		if opt, ok := each.(segment.OptimizablePostingsIterator); ok {
			if n, one := opt.DocNum1Hit(); one {
				bits.Add(uint32(n))
				continue
			}
			if bm := opt.ActualBitmap(); bm != nil {
				bits.Or(bm)
				continue
			}
		}
		for {
			p, err := each.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			bits.Add(uint32(p.Number()))
		}
	}
	bits.RunOptimize()
	return bits, nil
}

// windowSearcher steps through the documents of a window, segment by
// segment, in the order of their global numbers. It scores nothing: a
// window is a filter.
type windowSearcher struct {
	bits    []*roaring.Bitmap // per segment of the snapshot, by local number
	offsets []uint64          // each segment's first global number
	count   uint64

	seg  int // the segment being stepped through
	it   roaring.IntPeekable
	next uint64 // the global number from which it goes on
}

func (s *windowSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for s.seg < len(s.bits) {
		if s.it == nil {
			s.it = s.bits[s.seg].Iterator()
		}
		if s.it.HasNext() {
			n := s.offsets[s.seg] + uint64(s.it.Next())
			s.next = n + 1
			d := ctx.DocumentMatchPool.Get()
			d.IndexInternalID = index.NewIndexInternalID(d.IndexInternalID, n)
			return d, nil
		}
		s.seg, s.it = s.seg+1, nil
	}
	return nil, nil
}

func (s *windowSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	n := id.Value()
	seg := sort.Search(len(s.offsets), func(i int) bool { return s.offsets[i] > n }) - 1
	if seg < 0 {
		seg = 0
	}
	if seg != s.seg || n < s.next || s.it == nil {
		s.seg, s.it = seg, nil // back, or to another segment: start it again
	}
	if s.seg < len(s.bits) {
		if s.it == nil {
			s.it = s.bits[s.seg].Iterator()
		}
		if local := n - s.offsets[s.seg]; local <= uint64(^uint32(0)) {
			s.it.AdvanceIfNeeded(uint32(local))
		} else {
			s.seg = len(s.bits) // past every document
		}
	}
	return s.Next(ctx)
}

func (s *windowSearcher) Close() error               { return nil }
func (s *windowSearcher) Weight() float64            { return 0 }
func (s *windowSearcher) SetQueryNorm(float64)       {}
func (s *windowSearcher) Count() uint64              { return s.count }
func (s *windowSearcher) Min() int                   { return 0 }
func (s *windowSearcher) Size() int                  { return 64 + 24*len(s.bits) }
func (s *windowSearcher) DocumentMatchPoolSize() int { return 1 }
