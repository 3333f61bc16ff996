package store_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

// TestPagedReferencesKeepIdentity: an archive whose in-memory picture
// holds a few dozen references, far fewer than one chat has, so that it
// pages them in and out all along, ends as the archive made with the
// default budget: two accounts' sources of one history (one precise, one
// in whole seconds and off by a skew, so that merging moves messages
// across pages), imported, imported again in another order, and edits of
// old messages arriving late.
func TestPagedReferencesKeepIdentity(t *testing.T) {
	ctx := context.Background()
	h := newPagingHistory(1500, 7)
	steps := h.steps()
	dumps := map[string]string{}
	for _, budget := range []int{0, 40} {
		s := openStore(t, t.TempDir())
		if budget > 0 {
			s.LimitReferences(budget)
		}
		for _, st := range steps {
			var res store.IngestResult
			for chunk := range slices.Chunk(st.msgs, 50) {
				r, err := s.Ingest(ctx, chunk)
				if err != nil {
					t.Fatalf("budget %d, %s: %v", budget, st.name, err)
				}
				if err := s.CheckReferencePages(ctx); err != nil {
					t.Fatalf("budget %d, %s: %v", budget, st.name, err)
				}
				res.Added, res.Merged, res.Updated, res.Unchanged = res.Added+r.Added, res.Merged+r.Merged, res.Updated+r.Updated, res.Unchanged+r.Unchanged
			}
			if st.again && res.Unchanged != len(st.msgs) {
				t.Errorf("budget %d, %s: %+v; want all %d unchanged", budget, st.name, res, len(st.msgs))
			}
			if st.edits && res.Updated != len(st.msgs) {
				t.Errorf("budget %d, %s: %+v; want all %d updated", budget, st.name, res, len(st.msgs))
			}
		}
		if got := len(allMessages(t, s, chat)); got != len(h.times) {
			t.Errorf("budget %d: %d messages archived, want %d", budget, got, len(h.times))
		}
		d, err := storetest.Dump(ctx, s, storetest.Options{Sources: true})
		if err != nil {
			t.Fatal(err)
		}
		dumps[fmt.Sprint(budget)] = d
	}
	if dumps["0"] != dumps["40"] {
		t.Fatalf("paging references changes the archive: %s", storetest.FirstDifference(dumps["0"], dumps["40"]))
	}
}

// pagingHistory is one chat's messages: same-millisecond and same-second
// neighbours, gaps from none to days, and some sent just past a page's
// boundary (a multiple of 2^21 ms), which the whole-second source puts
// just before it.
type pagingHistory struct {
	times []time.Time
	r     *rand.Rand
}

func newPagingHistory(n int, seed int64) pagingHistory {
	r := rand.New(rand.NewSource(seed))
	gaps := []time.Duration{0, 0, time.Millisecond, 400 * time.Millisecond, time.Second, 30 * time.Second,
		5 * time.Minute, 2 * time.Hour, 3 * 24 * time.Hour}
	h := pagingHistory{r: r}
	at := t0
	for range n {
		if r.Intn(20) == 0 {
			const span = 1 << 21
			at = time.UnixMilli((at.UnixMilli()/span+1)*span + 200).UTC()
		} else {
			at = at.Add(gaps[r.Intn(len(gaps))] + time.Duration(r.Intn(1000))*time.Millisecond)
		}
		h.times = append(h.times, at)
	}
	return h
}

type pagingStep struct {
	name         string
	msgs         []store.Incoming
	again, edits bool
}

// steps are the sources' imports: the whole-second account first, so that
// the precise one's sightings move the messages they merge with.
func (h pagingHistory) steps() []pagingStep {
	exp := make([]store.Incoming, len(h.times))
	db := make([]store.Incoming, 0, len(h.times))
	for i, at := range h.times {
		author := []string{"anna", "bert", "cleo"}[i%3]
		body := fmt.Sprintf("message %d %s", i%50, strings.Repeat("x", i%7))
		exp[i] = store.Incoming{Chat: chat, Source: "export:anna", Ref: fmt.Sprint("e", i), Author: author, AuthorName: author,
			Time: at, Precise: true, Type: "SAID", Body: body}
		if i%5 != 0 {
			skewed := at.Add(-700 * time.Millisecond).Truncate(time.Second)
			db = append(db, store.Incoming{Chat: chat, Source: "maindb:bert", Ref: fmt.Sprint("row:", i), Author: author, AuthorName: author,
				Time: skewed, Type: "SAID", Body: body})
		}
	}
	var edits []store.Incoming
	for _, i := range h.r.Perm(len(exp))[:len(exp)/20] {
		edits = append(edits, edited(exp[i], exp[i].Author, exp[i].Time.Add(time.Hour), exp[i].Body+" (fixed)"))
	}
	shuffled := func(ms []store.Incoming) []store.Incoming {
		out := append([]store.Incoming(nil), ms...)
		h.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	return []pagingStep{
		{name: "main.db", msgs: db},
		{name: "export", msgs: exp},
		{name: "export again, shuffled", msgs: shuffled(exp), again: true},
		{name: "main.db again, shuffled", msgs: shuffled(db), again: true},
		{name: "late edits", msgs: edits, edits: true},
		{name: "export with its edits again", msgs: shuffled(edits), again: true},
	}
}
