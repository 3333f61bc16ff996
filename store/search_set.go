package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/blevesearch/bleve/v2/search"
)

// MessageSet is a set of archived messages, by id.
type MessageSet struct{ ids *roaring64.Bitmap }

// Has reports whether the message with this id is in the set.
func (m *MessageSet) Has(id int64) bool { return id >= 0 && m.ids.Contains(uint64(id)) }

// Len is how many messages the set holds.
func (m *MessageSet) Len() int { return int(m.ids.GetCardinality()) }

func newMessageSet() *MessageSet { return &MessageSet{ids: roaring64.New()} }

func (m *MessageSet) add(id int64) { m.ids.Add(uint64(id)) }

// SearchSet finds every message a query in the syntax of ParseQuery
// matches, however many (a query of words to leave out alone, -lunch,
// matches every message without them): it walks the index's matches one by one and keeps
// only their ids, in a compressed bitmap (a few bytes a hit; about 2 MB
// for a million), never the hits themselves. A search that pages through
// hits ranked or sorted would hold or re-rank them all for every page.
func (s *Store) SearchSet(ctx context.Context, text string) (*MessageSet, error) {
	if s.index == nil {
		return nil, errors.New("store: opened without its index")
	}
	q, err := ParseQuery(text)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	if q.Empty() && len(q.Excluded) == 0 {
		return nil, ErrEmptyQuery
	}
	set := newMessageSet()
	bq, err := s.bleveQuery(ctx, q)
	if err != nil || bq == nil { // nil: it names a chat that does not exist
		return set, err
	}
	idx, release, err := s.index.use()
	if err != nil {
		return nil, err
	}
	defer release()
	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", text, err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", text, err)
	}
	defer reader.Close()
	searcher, err := bq.Searcher(ctx, reader, idx.Mapping(), search.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", text, err)
	}
	defer searcher.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize()+1, 0), IndexReader: reader}
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return nil, fmt.Errorf("store: search %q: %w", text, err)
		}
		if dm == nil {
			return set, nil
		}
		docID, err := reader.ExternalID(dm.IndexInternalID)
		if err != nil {
			return nil, fmt.Errorf("store: search %q: %w", text, err)
		}
		id, err := messageOfDoc(docID)
		if err != nil {
			return nil, err
		}
		set.add(id)
		sctx.DocumentMatchPool.Put(dm)
	}
}
