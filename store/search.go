package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SearchOptions pages and orders a search.
type SearchOptions struct {
	Limit   int  // hits per page; 20 when 0
	Offset  int  // hits to skip
	ByTime  bool // by time instead of most relevant first: newest first,
	Oldest  bool // or, with ByTime, oldest first
	Context bool // read the messages before and after each hit
	// Quick answers a broad search (a common word) in milliseconds: past
	// 5,000 matches it stops counting (but for a single word) and ranks
	// only the newest (see search_broad.go). For pages someone waits on;
	// scripts want it exact.
	Quick bool
}

// check refuses a page deeper than MaxSearchDepth (or before the first
// hit), which the index would have to hold in memory.
func (o SearchOptions) check() error {
	if o.Offset < 0 || o.Limit > MaxSearchDepth || o.Offset > MaxSearchDepth-o.Limit {
		return &QueryError{fmt.Sprintf("a search shows its first %d hits; ask for fewer or narrow it", MaxSearchDepth)}
	}
	return nil
}

// SearchResult is one page of hits.
type SearchResult struct {
	Total        int  // hits in all
	TotalAtLeast bool // a quick search stopped counting: more than Total match
	// RankedSince, when not zero, is the UTC day from which a quick,
	// broad search by relevance ranked the matches: the newest, Ranked of
	// them; its pages reach that far.
	RankedSince time.Time
	Ranked      int
	Hits        []Hit
}

// Hit is a message that matched, with the chat it is in and the part of its
// text that matched.
type Hit struct {
	Message  Message
	Chat     Chat
	Fragment []Span
	// With SearchOptions.Context, the messages just before and after it in
	// its chat; nil at either end of the chat.
	Before, After *Message
}

// ErrEmptyQuery reports a search that asks for nothing.
var ErrEmptyQuery = errors.New("empty search")

// Search runs a query in the syntax of ParseQuery against the index and
// reads the hits back from SQLite. A mistake in the query is a *QueryError.
func (s *Store) Search(ctx context.Context, text string, opts SearchOptions) (SearchResult, error) {
	if s.index == nil {
		return SearchResult{}, errors.New("store: opened without its index")
	}
	q, err := ParseQuery(text)
	if err != nil {
		return SearchResult{}, err
	}
	if q.Empty() {
		return SearchResult{}, ErrEmptyQuery
	}
	bq, err := s.bleveQuery(ctx, q)
	if err != nil {
		return SearchResult{}, err
	}
	if bq == nil {
		return SearchResult{}, nil // names a chat or person the archive does not have
	}
	if opts.Limit <= 0 {
		opts.Limit = 20
	}
	if err := opts.check(); err != nil {
		return SearchResult{}, err
	}
	idx, release, err := s.index.use()
	if err != nil {
		return SearchResult{}, err
	}
	defer release()
	find := s.searchByRelevance
	if opts.ByTime {
		find = s.searchByTime
	}
	res, out, err := find(ctx, idx, bq, opts, dayRange{q.Since, q.Until})
	if err != nil {
		return SearchResult{}, fmt.Errorf("store: search %q: %w", text, err)
	}
	out.Hits, err = s.readHits(ctx, res.Hits.Len(), func(i int) string { return res.Hits[i].ID })
	if err != nil {
		return SearchResult{}, err
	}
	hl := s.newHighlighter(q)
	for i := range out.Hits {
		h := &out.Hits[i]
		h.Fragment = hl.fragment(h.Message.Text)
		if opts.Context {
			if h.Before, h.After, err = s.neighbours(ctx, h.Message); err != nil {
				return SearchResult{}, err
			}
		}
	}
	return out, nil
}

// countedEdge is the UTC day of the archive's newest (or oldest) message
// the statistics counted, if they counted any.
func (s *Store) countedEdge(ctx context.Context, oldest bool) (time.Time, bool, error) {
	edge := `SELECT max(hour) FROM stats_hours WHERE chat_id = 0`
	if oldest {
		edge = `SELECT min(hour) FROM stats_hours WHERE chat_id = 0`
	}
	var hour *int64
	if err := s.db.QueryRowContext(ctx, edge).Scan(&hour); err != nil {
		return time.Time{}, false, fmt.Errorf("store: search: %w", describe(err))
	}
	if hour == nil {
		return time.Time{}, false, nil
	}
	return time.Unix(*hour*3600, 0).UTC().Truncate(24 * time.Hour), true, nil
}

// neighbours reads the messages just before and after m in its chat's order
// (time, then id), nil at either end.
func (s *Store) neighbours(ctx context.Context, m Message) (before, after *Message, err error) {
	sent := m.Time.UnixMilli()
	for _, side := range []struct {
		query string
		into  **Message
	}{
		{`SELECT ` + messageColumns + ` FROM messages WHERE chat_id = ?1 AND sent_at <= ?2 AND (sent_at < ?2 OR id < ?3)
			ORDER BY sent_at DESC, id DESC LIMIT 1`, &before},
		{`SELECT ` + messageColumns + ` FROM messages WHERE chat_id = ?1 AND sent_at >= ?2 AND (sent_at > ?2 OR id > ?3)
			ORDER BY sent_at, id LIMIT 1`, &after},
	} {
		n, err := scanMessage(s.db.QueryRowContext(ctx, side.query, m.ChatID, sent, m.ID))
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return nil, nil, fmt.Errorf("store: search: messages around %s: %w", m.Key, describe(err))
		default:
			*side.into = &n
		}
	}
	return before, after, nil
}

// bleveQuery turns a parsed query into Bleve's terms: words and phrases
// rank the hits, filters (from:, chat:, dates) only pick them. It returns
// nil when the query cannot match (a chat: that names no chat).
func (s *Store) bleveQuery(ctx context.Context, q Query) (query.Query, error) {
	var must, filters []query.Query
	for _, w := range q.Words { // every word's every term: term queries, which Bleve steps through fastest
		for _, tok := range s.analyzer().Analyze([]byte(w)) {
			t := bleve.NewTermQuery(string(tok.Term))
			t.SetField(fieldText)
			must = append(must, t)
		}
	}
	for _, p := range q.Phrases {
		must = append(must, s.phraseQuery(p))
	}
	if len(q.From) > 0 {
		handles, err := s.authorsNamed(ctx, q.From)
		if err != nil {
			return nil, err
		}
		filters = append(filters, termsQuery(fieldFrom, handles))
	}
	if len(q.Chats) > 0 {
		ids, err := s.chatIDsMatching(ctx, q.Chats)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, nil
		}
		filters = append(filters, termsQuery(fieldChat, ids))
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		var lo, hi string // dates are whole days, so the range is one of days
		if !q.Since.IsZero() {
			lo = q.Since.UTC().Format(time.DateOnly)
		}
		if !q.Until.IsZero() {
			hi = q.Until.UTC().Format(time.DateOnly)
		}
		filters = append(filters, dayWindow{lo: lo, hi: hi, beforeHi: true})
	}
	for _, f := range filters {
		if len(must) > 0 {
			f = unscored{f} // a filter has no say in the ranking: a quiet day or author is not more relevant
		}
		must = append(must, f)
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	if len(must) == 1 && len(q.Excluded) == 0 {
		return must[0], nil // one search, without a conjunction around it to step through
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	for _, x := range q.Excluded {
		b.AddMustNot(unscored{s.leftOut(x)}) // what is left out has no say in the ranking
	}
	return b, nil
}

// leftOut finds what -word or -"a phrase" leaves out. A word of one term is
// a term query: stepping over the messages with it is quick, while a phrase
// of one word reads its positions in each.
func (s *Store) leftOut(x string) query.Query {
	if tokens := s.analyzer().Analyze([]byte(x)); len(tokens) == 1 {
		t := bleve.NewTermQuery(string(tokens[0].Term))
		t.SetField(fieldText)
		return t
	}
	return s.phraseQuery(x)
}

// phraseQuery finds the words of p next to each other. A phrase made only of
// common words is looked up as a phrase of pairs (see pairs.go): "is it"
// is then one rare term instead of checking the positions in every message
// that has both "is" and "it".
func (s *Store) phraseQuery(p string) query.Query {
	mapping := s.index.mapping
	words := mapping.AnalyzerNamed(analyzer).Analyze([]byte(p))
	pairs := mapping.AnalyzerNamed(pairsAnalyzer).Analyze([]byte(p))
	q := bleve.NewMatchPhraseQuery(p)
	q.SetField(fieldText)
	q.Analyzer = analyzer
	if len(words) > 1 && len(pairs) == len(words)-1 {
		q.SetField(fieldPairs)
		q.Analyzer = pairsAnalyzer
	}
	return q
}

// termsQuery matches any of the exact values in field.
func termsQuery(field string, values []string) query.Query {
	var qs []query.Query
	for _, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		qs = append(qs, t)
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// chatIDsMatching finds, as index terms, for each of the given strings the
// chat of that name, web id or alias, else the chats whose name, web id,
// alias or topic contains it.
func (s *Store) chatIDsMatching(ctx context.Context, names []string) ([]string, error) {
	var ids []string
	for _, n := range names {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(n) + "%"
		rows, err := s.db.QueryContext(ctx, `WITH exact AS (SELECT id FROM chats WHERE name = ?2 OR web_id = ?2
				UNION SELECT chat_id FROM chat_aliases WHERE alias = ?2)
			SELECT id FROM exact UNION
			SELECT id FROM chats WHERE NOT EXISTS (SELECT 1 FROM exact) AND (name LIKE ?1 ESCAPE '\' OR web_id LIKE ?1 ESCAPE '\'
				OR topic LIKE ?1 ESCAPE '\' OR id IN (SELECT chat_id FROM chat_aliases WHERE alias LIKE ?1 ESCAPE '\'))`, like, n)
		if err != nil {
			return nil, fmt.Errorf("store: search chats %q: %w", n, describe(err))
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, chatKey(id))
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// readHits reads the messages behind n index document ids, in order.
func (s *Store) readHits(ctx context.Context, n int, docID func(int) string) ([]Hit, error) {
	if n == 0 {
		return nil, nil
	}
	ids := make([]any, n)
	marks := make([]string, n)
	for i := range n {
		id, err := messageOfDoc(docID(i))
		if err != nil {
			return nil, err
		}
		ids[i], marks[i] = id, "?"
	}
	msgs, err := s.queryMessages(ctx, `SELECT `+messageColumns+` FROM messages WHERE id IN (`+strings.Join(marks, ",")+`)`, ids...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Message, len(msgs))
	for _, m := range msgs {
		byID[m.ID] = m
	}
	chats := map[int64]Chat{}
	hits := make([]Hit, 0, n)
	for _, id := range ids {
		m, ok := byID[id.(int64)]
		if !ok {
			continue // gone from SQLite since the index saw it (a restored backup); the index will catch up
		}
		c, ok := chats[m.ChatID]
		if !ok {
			one := make([]Chat, 1)
			if one[0], err = scanChat(s.db.QueryRowContext(ctx, `SELECT `+chatColumns+` FROM chats WHERE id = ?`, m.ChatID)); err == nil {
				err = titleChats(ctx, s.db, one)
			}
			if err != nil {
				return nil, fmt.Errorf("store: search: read chat %d: %w", m.ChatID, describe(err))
			}
			c = one[0]
			chats[m.ChatID] = c
		}
		hits = append(hits, Hit{Message: m, Chat: c})
	}
	return hits, nil
}
