package store

import (
	"fmt"
	"strings"
	"time"
)

// Query is a parsed search. The syntax:
//
//	word                 messages containing word (all words must match)
//	"two words"          the exact phrase
//	-word, -"a phrase"   messages without it
//	from:handle          sent by handle, or by whoever goes by that display
//	                     name or one of its words (several from: widen the choice)
//	chat:name            in the chat of that name or web id, else in the chats
//	                     whose name, web id or topic contains name
//	from:"Bob Müller"    a value with spaces is quoted
//	date:2013            sent in 2013 (UTC); also date:2013-07, date:2013-07-30
//	date:2013-07..2013-08  sent from July through August 2013
//
// There are no wildcards, fuzzy or regular-expression terms: *, ?, ~ and /
// are not operators, so no query expands into the index's terms. A query
// is at most MaxQueryBytes long and holds at most MaxQueryTerms words,
// phrases and filters; a longer one is a *QueryError. Any search, typed on
// the command line or sent by another web page to the local server, stays
// as cheap as MaxQueryTerms lookups.
type Query struct {
	Words    []string
	Phrases  []string
	Excluded []string // words or phrases
	From     []string
	Chats    []string
	Since    time.Time // zero: no lower bound
	Until    time.Time // exclusive; zero: no upper bound
}

// Limits of a search, so that no query (another web page can make the local
// server run one) costs much time or memory.
const (
	// MaxQueryBytes is the longest query text.
	MaxQueryBytes = 1024
	// MaxQueryTerms is the most words, phrases and filters a query holds.
	MaxQueryTerms = 32
	// MaxSearchDepth is how deep into the hits a search may page: offset
	// plus limit. The index keeps that many hits in memory while it ranks.
	MaxSearchDepth = 100_000
)

// QueryError is a mistake in a search query, worded for whoever typed it.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

// Empty reports whether the query asks for nothing at all.
func (q Query) Empty() bool {
	return len(q.Words) == 0 && len(q.Phrases) == 0 && len(q.From) == 0 && len(q.Chats) == 0 &&
		q.Since.IsZero() && q.Until.IsZero()
}

// ParsePeriod reads a date as search's date: takes it (2013, 2013-07 or
// 2013-07-30, UTC) and returns the period it names, [start, end).
func ParsePeriod(s string) (start, end time.Time, err error) {
	return parseDate(s)
}

// ParseQuery parses the search syntax described at Query.
func ParseQuery(s string) (Query, error) {
	var q Query
	if len(s) > MaxQueryBytes {
		return Query{}, &QueryError{fmt.Sprintf("the search is %d bytes long; write at most %d", len(s), MaxQueryBytes)}
	}
	toks := splitQuery(s)
	if len(toks) > MaxQueryTerms {
		return Query{}, &QueryError{fmt.Sprintf("the search has %d words, phrases and filters; write at most %d", len(toks), MaxQueryTerms)}
	}
	for _, tok := range toks {
		negated := strings.HasPrefix(tok.text, "-") && len(tok.text) > 1 && !tok.quoted
		if tok.quoted {
			negated = tok.negated
		}
		text := tok.text
		if negated && !tok.quoted {
			text = text[1:]
		}
		if !tok.quoted {
			if field, value, ok := strings.Cut(text, ":"); ok && value != "" && !negated {
				switch strings.ToLower(field) {
				case "from":
					q.From = append(q.From, strings.ToLower(value))
					continue
				case "chat":
					q.Chats = append(q.Chats, value)
					continue
				case "date":
					since, until, err := parseDateRange(value)
					if err != nil {
						return Query{}, err
					}
					q.Since, q.Until = since, until
					continue
				}
			}
		}
		switch {
		case text == "":
		case negated:
			q.Excluded = append(q.Excluded, text)
		case tok.quoted:
			q.Phrases = append(q.Phrases, text)
		default:
			q.Words = append(q.Words, text)
		}
	}
	return q, nil
}

type queryToken struct {
	text    string
	quoted  bool
	negated bool // only for quoted tokens: -"…"
}

// splitQuery splits at spaces, keeping "quoted phrases" and field:"quoted
// values" (an unclosed quote runs to the end) whole.
func splitQuery(s string) []queryToken {
	var toks []queryToken
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" {
			return toks
		}
		negated := false
		if strings.HasPrefix(s, `-"`) {
			negated, s = true, s[1:]
		}
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				toks = append(toks, queryToken{text: strings.TrimSpace(s[1:]), quoted: true, negated: negated})
				return toks
			}
			toks = append(toks, queryToken{text: strings.TrimSpace(s[1 : 1+end]), quoted: true, negated: negated})
			s = s[2+end:]
			continue
		}
		end := strings.IndexAny(s, " \t\r\n")
		if end < 0 {
			end = len(s)
		}
		if colon := strings.Index(s[:end], `:"`); colon > 0 { // field:"a value"
			value := s[colon+2:]
			close := strings.IndexByte(value, '"')
			if close < 0 {
				close = len(value)
			}
			toks = append(toks, queryToken{text: s[:colon+1] + strings.TrimSpace(value[:close])})
			s = value[min(close+1, len(value)):]
			continue
		}
		toks = append(toks, queryToken{text: s[:end]})
		s = s[end:]
	}
}

// Filter writes a field of the query syntax, quoting a value with spaces
// (and dropping quotes, which a value cannot hold): Filter("from", "Bob
// Müller") is from:"Bob Müller".
func Filter(field, value string) string {
	value = strings.TrimSpace(strings.ReplaceAll(value, `"`, ""))
	if strings.ContainsAny(value, " \t\r\n") {
		return field + `:"` + value + `"`
	}
	return field + ":" + value
}

// parseDateRange reads 2013, 2013-07, 2013-07-30 or FROM..TO of those, in UTC,
// into a half-open range.
func parseDateRange(s string) (since, until time.Time, err error) {
	from, to, isRange := strings.Cut(s, "..")
	if !isRange {
		to = from
	}
	if from != "" {
		if since, _, err = parseDate(from); err != nil {
			return
		}
	}
	if to != "" {
		if _, until, err = parseDate(to); err != nil {
			return
		}
	}
	if !since.IsZero() && !until.IsZero() && !since.Before(until) {
		return time.Time{}, time.Time{}, &QueryError{fmt.Sprintf("date:%s: the range ends before it starts", s)}
	}
	return since, until, nil
}

// parseDate reads a year, month or day and returns the period it names.
func parseDate(s string) (start, end time.Time, err error) {
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	} {
		if len(s) != len(f.layout) {
			continue
		}
		if t, err := time.Parse(f.layout, s); err == nil {
			return t, f.next(t), nil
		}
	}
	return time.Time{}, time.Time{}, &QueryError{fmt.Sprintf("date:%s: write a date as 2013, 2013-07 or 2013-07-30", s)}
}
