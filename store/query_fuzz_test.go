package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// FuzzSearchQuery runs arbitrary query texts, offsets and limits through
// the parser and a real search of a small archive (SQLite and Bleve). The
// search answers or refuses with a *QueryError or ErrEmptyQuery, never
// panics; what parses keeps within the limits of a query.
func FuzzSearchQuery(f *testing.F) {
	for _, q := range []string{"release friday", `"release is on" friday`, `-spam -"buy now" keep`,
		"from:Bob from:live:carol", `from:"Bob Müller" chat:"Project X" x`, `from:"unclosed name`, "chat:climbing x",
		"date:2013-07..2013-08", "date:..2013-02", `"unclosed phrase`, "time:12:30 -", "a* b? c~2 /re.*/ +must ^3",
		"日本語 テキスト", "date:2014..2013", "-", `-""`, `chat:""`} {
		f.Add(q, 0, 20)
	}
	f.Add("hello", 9223372036854775807, 20)
	f.Add("hello", 99_990, 20)
	s := openStore(f, f.TempDir())
	at := time.Date(2013, 7, 30, 20, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	for i, body := range []string{"the release is on friday", "buy now spam", "日本語のテキスト", "time:12:30 lunch", "a* b? c~2"} {
		batch = append(batch, store.Incoming{Chat: "#alice/$bob;0123456789abcdef", Source: "fuzz", Ref: fmt.Sprint(i),
			Author: "bob", AuthorName: "Bob Müller", Time: at.Add(time.Duration(i) * time.Hour), Type: "SAID", Body: body})
	}
	ingest(f, s, batch...)
	if err := s.WaitIndexed(f.Context()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, offset, limit int) {
		q, err := store.ParseQuery(text)
		if err == nil {
			if len(text) > store.MaxQueryBytes {
				t.Fatalf("a %d-byte query parsed", len(text))
			}
			if n := len(q.Words) + len(q.Phrases) + len(q.Excluded) + len(q.From) + len(q.Chats); n > store.MaxQueryTerms {
				t.Fatalf("%d terms parsed", n)
			}
			if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
				t.Fatalf("date range %v..%v", q.Since, q.Until)
			}
		}
		for _, byTime := range []bool{false, true} {
			_, err := s.Search(t.Context(), text, store.SearchOptions{Offset: offset, Limit: limit, ByTime: byTime})
			var qe *store.QueryError
			if err != nil && !errors.As(err, &qe) && !errors.Is(err, store.ErrEmptyQuery) {
				t.Fatalf("Search(%q, %d, %d): %v", text, offset, limit, err)
			}
		}
	})
}

// TestQueryLimits shows a query past the limits refused with a mistake
// worded for whoever typed it (so every search (pages, API, feed, command
// line) refuses it), and wildcard characters taken as plain text: "a*"
// finds "a", not every word starting with a.
func TestQueryLimits(t *testing.T) {
	for _, text := range []string{
		strings.Repeat("a*", store.MaxQueryBytes/2+1),      // one long wildcard
		strings.Repeat("a* ", 180_000),                     // 360 KB of wildcards
		strings.Repeat("x ", store.MaxQueryTerms+1),        // too many words
		strings.Repeat("from:bob ", store.MaxQueryTerms+1), // too many filters
	} {
		_, err := store.ParseQuery(text)
		var qe *store.QueryError
		if !errors.As(err, &qe) || !strings.Contains(qe.Msg, "at most") {
			t.Errorf("ParseQuery(%d bytes): %v, want a QueryError naming the limit", len(text), err)
		}
	}
	if _, err := store.ParseQuery(strings.TrimSpace(strings.Repeat("x ", store.MaxQueryTerms))); err != nil {
		t.Errorf("%d words: %v", store.MaxQueryTerms, err)
	}

	s := openStore(t, t.TempDir())
	at := time.Date(2013, 7, 30, 20, 0, 0, 0, time.UTC)
	ingest(t, s, store.Incoming{Chat: "#alice/$bob;0123456789abcdef", Source: "test", Ref: "1", Author: "bob", Time: at, Type: "SAID", Body: "a apple"},
		store.Incoming{Chat: "#alice/$bob;0123456789abcdef", Source: "test", Ref: "2", Author: "bob", Time: at.Add(time.Minute), Type: "SAID", Body: "apple pie"})
	if err := s.WaitIndexed(t.Context()); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(t.Context(), "a*", store.SearchOptions{})
	if err != nil || res.Total != 1 || res.Hits[0].Message.Text != "a apple" {
		t.Errorf(`"a*" = %+v, %v; want only the message with the word "a"`, res, err)
	}
	for _, opts := range []store.SearchOptions{{Offset: 9223372036854775807}, {Offset: -1}, {Limit: store.MaxSearchDepth + 1},
		{Offset: store.MaxSearchDepth, Limit: 1}} {
		_, err := s.Search(t.Context(), "apple", opts)
		var qe *store.QueryError
		if !errors.As(err, &qe) {
			t.Errorf("Search with %+v: %v, want a QueryError", opts, err)
		}
	}
	if res, err := s.Search(t.Context(), "apple", store.SearchOptions{Offset: store.MaxSearchDepth - 20, Limit: 20}); err != nil || len(res.Hits) != 0 || res.Total != 2 {
		t.Errorf("the deepest page: %+v, %v", res, err)
	}
}
