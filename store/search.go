package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// SearchOptions pages and orders a search.
type SearchOptions struct {
	Limit  int  // hits per page; 20 when 0
	Offset int  // hits to skip
	ByTime bool // newest first instead of most relevant first
}

// SearchResult is one page of hits.
type SearchResult struct {
	Total int // hits in all
	Hits  []Hit
}

// Hit is a message that matched, with the chat it is in and the part of its
// text that matched.
type Hit struct {
	Message  Message
	Chat     Chat
	Fragment []Span
}

// ErrEmptyQuery reports a search that asks for nothing.
var ErrEmptyQuery = errors.New("store: empty search")

// Search runs a query in the syntax of ParseQuery against the index and
// reads the hits back from SQLite.
func (s *Store) Search(ctx context.Context, text string, opts SearchOptions) (SearchResult, error) {
	if s.index == nil {
		return SearchResult{}, errors.New("store: opened without its index")
	}
	q, err := ParseQuery(text)
	if err != nil {
		return SearchResult{}, fmt.Errorf("store: search: %w", err)
	}
	if q.Empty() {
		return SearchResult{}, ErrEmptyQuery
	}
	bq, err := s.bleveQuery(ctx, q)
	if err != nil {
		return SearchResult{}, err
	}
	if bq == nil {
		return SearchResult{}, nil // names a chat that does not exist
	}
	if opts.Limit <= 0 {
		opts.Limit = 20
	}
	req := bleve.NewSearchRequestOptions(bq, opts.Limit, opts.Offset, false)
	if opts.ByTime {
		req.SortBy([]string{"-" + fieldDay, "-" + fieldTOD, "-_id"})
	} else {
		req.SortBy([]string{"-_score"})
	}
	idx, release, err := s.index.use()
	if err != nil {
		return SearchResult{}, err
	}
	defer release()
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return SearchResult{}, fmt.Errorf("store: search %q: %w", text, err)
	}
	hits, err := s.readHits(ctx, res.Hits.Len(), func(i int) string { return res.Hits[i].ID })
	if err != nil {
		return SearchResult{}, err
	}
	terms := s.highlightTerms(q)
	for i := range hits {
		hits[i].Fragment = s.fragment(hits[i].Message.Text, terms)
	}
	return SearchResult{Total: int(res.Total), Hits: hits}, nil
}

// bleveQuery turns a parsed query into Bleve's terms. It returns nil when
// the query cannot match (a chat: that names no chat).
func (s *Store) bleveQuery(ctx context.Context, q Query) (query.Query, error) {
	var must []query.Query
	for _, w := range q.Words {
		m := bleve.NewMatchQuery(w)
		m.SetField(fieldText)
		m.Analyzer = analyzer
		m.SetOperator(query.MatchQueryOperatorAnd)
		must = append(must, m)
	}
	for _, p := range q.Phrases {
		must = append(must, s.phraseQuery(p))
	}
	if len(q.From) > 0 {
		must = append(must, termsQuery(fieldFrom, q.From))
	}
	if len(q.Chats) > 0 {
		ids, err := s.chatIDsMatching(ctx, q.Chats)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			return nil, nil
		}
		must = append(must, termsQuery(fieldChat, ids))
	}
	if !q.Since.IsZero() || !q.Until.IsZero() {
		var lo, hi string // dates are whole days, so the range is one of days
		if !q.Since.IsZero() {
			lo = q.Since.UTC().Format(time.DateOnly)
		}
		if !q.Until.IsZero() {
			hi = q.Until.UTC().Format(time.DateOnly)
		}
		inclusive, exclusive := true, false
		r := bleve.NewTermRangeInclusiveQuery(lo, hi, &inclusive, &exclusive)
		r.SetField(fieldDay)
		must = append(must, r)
	}
	if len(must) == 0 {
		must = append(must, bleve.NewMatchAllQuery())
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(must...)
	for _, x := range q.Excluded {
		b.AddMustNot(s.phraseQuery(x))
	}
	return b, nil
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

// chatIDsMatching finds the chats whose name, web id, alias or topic contains
// any of the given strings, as index terms.
func (s *Store) chatIDsMatching(ctx context.Context, names []string) ([]string, error) {
	var ids []string
	for _, n := range names {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(n) + "%"
		rows, err := s.db.QueryContext(ctx, `SELECT id FROM chats WHERE name LIKE ?1 ESCAPE '\' OR web_id LIKE ?1 ESCAPE '\'
			OR topic LIKE ?1 ESCAPE '\' OR id IN (SELECT chat_id FROM chat_aliases WHERE alias LIKE ?1 ESCAPE '\')`, like)
		if err != nil {
			return nil, fmt.Errorf("store: search chats %q: %w", n, describe(err))
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, strconv.FormatInt(id, 36))
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
		id, err := strconv.ParseInt(docID(i), 36, 64)
		if err != nil {
			return nil, fmt.Errorf("store: search: bad document id %q", docID(i))
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
