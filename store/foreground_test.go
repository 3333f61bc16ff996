package store

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestForegroundGiveWay: giving way returns at once when nothing is in the
// foreground, waits for the foreground to end, and never waits longer than
// it was allowed to or than its context.
func TestForegroundGiveWay(t *testing.T) {
	var f Foreground
	ctx := context.Background()
	if f.GiveWay(ctx, time.Hour) {
		t.Fatal("gave way with nothing in the foreground")
	}

	end := f.Begin()
	if f.Busy() != 1 {
		t.Fatalf("busy %d, want 1", f.Busy())
	}
	ended := make(chan time.Time, 1)
	go func() {
		time.Sleep(50 * time.Millisecond)
		ended <- time.Now()
		end()
	}()
	if !f.GiveWay(ctx, time.Hour) {
		t.Fatal("did not give way to the work in the foreground")
	}
	if at := <-ended; time.Since(at) < Settle {
		t.Fatalf("gave way for %v after the work in the foreground ended, want at least %v", time.Since(at), Settle)
	}
	end() // a second call changes nothing
	if f.Busy() != 0 {
		t.Fatalf("busy %d after the work ended, want 0", f.Busy())
	}

	end = f.Begin()
	defer end()
	start := time.Now()
	f.GiveWay(ctx, 30*time.Millisecond)
	if took := time.Since(start); took < 30*time.Millisecond || took > 10*time.Second {
		t.Fatalf("gave way to endless work for %v, want 30ms", took)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	start = time.Now()
	f.GiveWay(cancelled, time.Hour)
	if took := time.Since(start); took > 10*time.Second {
		t.Fatalf("gave way for %v with its context ended", took)
	}
}

// ingestNumbered archives n messages, "word0 …" to "word(n-1) …", through s.
func ingestNumbered(t *testing.T, s *Store, n int) {
	t.Helper()
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	msgs := make([]Incoming, n)
	for i := range msgs {
		msgs[i] = Incoming{Chat: "#a/$b;1", Source: "export:a", Ref: fmt.Sprint(i), Author: "a", AuthorName: "A",
			Time: at.Add(time.Duration(i) * time.Second), Precise: true, Type: "SAID", Body: fmt.Sprintf("word%d in the archive", i)}
	}
	if _, err := s.Ingest(context.Background(), msgs); err != nil {
		t.Fatal(err)
	}
}

// waitLag waits up to a minute for the index's lag to reach want.
func waitLag(t *testing.T, s *Store, want int64) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		lag, err := s.IndexLag(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if lag == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the index is %d changes behind after a minute, want %d", lag, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestCatchUpPausesForRequests: the running store's index does not catch
// up while a request is in flight (given all the time it wants to wait),
// and catches up by itself once it is over.
func TestCatchUpPausesForRequests(t *testing.T) {
	defer func(was time.Duration) { catchUpGiveWay = was }(catchUpGiveWay)
	catchUpGiveWay = time.Hour
	s := mustOpen(t, t.TempDir())
	defer s.Close()

	end := Serving.Begin()
	ingestNumbered(t, s, 100) // pokes the follower
	time.Sleep(300 * time.Millisecond)
	if lag, err := s.IndexLag(context.Background()); err != nil || lag != 100 {
		t.Fatalf("with a request in flight the index is %d changes behind (%v), want all 100", lag, err)
	}
	end()
	waitLag(t, s, 0)
	res, err := s.Search(context.Background(), "word99", SearchOptions{})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("the last message finds %d hits (%v), want 1", len(res.Hits), err)
	}
}

// TestCatchUpGoesOnUnderRequests: requests without end slow the catch-up
// (small batches, a pause before each) but never stop it.
func TestCatchUpGoesOnUnderRequests(t *testing.T) {
	defer func(was time.Duration) { catchUpGiveWay = was }(catchUpGiveWay)
	catchUpGiveWay = 20 * time.Millisecond
	s := mustOpen(t, t.TempDir())
	defer s.Close()

	end := Serving.Begin()
	defer end()
	n := 3*servingBatchSize + 1 // four windows, each after a pause
	ingestNumbered(t, s, n)
	waitLag(t, s, 0)
	for _, word := range []string{"word0", fmt.Sprint("word", n-1)} {
		res, err := s.Search(context.Background(), word, SearchOptions{})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%s finds %d hits (%v), want 1", word, len(res.Hits), err)
		}
	}
}

// TestPipelineGivesWayToRequests: an import in the process serving pages
// commits nothing while a request is in flight (given all the time it wants
// to wait), and everything once it is over.
func TestPipelineGivesWayToRequests(t *testing.T) {
	defer func(was time.Duration) { importGiveWay = was }(importGiveWay)
	importGiveWay = time.Hour
	s, err := OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	end := Serving.Begin()
	p := NewPipeline[struct{}](context.Background(), s, 10, nil)
	at := time.Date(2013, 7, 30, 21, 27, 11, 0, time.UTC)
	for i := range 25 {
		if err := p.Add(Incoming{Chat: "#a/$b;1", Source: "export:a", Ref: fmt.Sprint(i), Author: "a", AuthorName: "A",
			Time: at.Add(time.Duration(i) * time.Second), Precise: true, Type: "SAID", Body: fmt.Sprint("message ", i)}, struct{}{}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	if n := s.Ingested(); n != 0 {
		t.Fatalf("%d messages committed with a request in flight, want none yet", n)
	}
	end()
	res, err := p.Close()
	if err != nil || res.Added != 25 || s.Ingested() != 25 {
		t.Fatalf("the import added %d, committed %d (%v); want all 25", res.Added, s.Ingested(), err)
	}
}

// TestWaitIndexedGivesNoWay: a caller of WaitIndexed (a search that must
// see everything committed, itself a request) is not kept waiting by the
// catch-up giving way to requests, not even by the follower's pause.
func TestWaitIndexedGivesNoWay(t *testing.T) {
	defer func(was time.Duration) { catchUpGiveWay = was }(catchUpGiveWay)
	catchUpGiveWay = time.Hour
	s := mustOpen(t, t.TempDir())
	defer s.Close()

	end := Serving.Begin()
	defer end()
	ingestNumbered(t, s, 2*servingBatchSize+1) // pokes the follower, which gives way
	time.Sleep(50 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if lag, err := s.IndexLag(ctx); err != nil || lag != 0 {
		t.Fatalf("after WaitIndexed the index is %d changes behind (%v), want 0", lag, err)
	}
}

// TestCloseEndsGivingWay: closing the store does not wait for the
// follower's pause.
func TestCloseEndsGivingWay(t *testing.T) {
	defer func(was time.Duration) { catchUpGiveWay = was }(catchUpGiveWay)
	catchUpGiveWay = time.Hour
	s := mustOpen(t, t.TempDir())
	end := Serving.Begin()
	defer end()
	ingestNumbered(t, s, 10) // pokes the follower, which gives way
	time.Sleep(50 * time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- s.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("closing waited for the catch-up's pause")
	}
}
