package export_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

// synthArchive archives n synthetic messages.
func synthArchive(t testing.TB, n int) *store.Store {
	t.Helper()
	s, err := store.OpenDB(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := synth.Fill(context.Background(), s, synth.Config{Seed: 3, Messages: n}, 5000, nil); err != nil {
		t.Fatal(err)
	}
	return s
}

// counting is a writer that counts what it is given and can stop the run.
type counting struct {
	export.Writer
	messages int
	after    int // cancel after this many messages (0: never)
	cancel   context.CancelFunc
}

func (c *counting) Message(m export.Message) error {
	if c.messages++; c.messages == c.after {
		c.cancel()
	}
	return c.Writer.Message(m)
}

// TestProgressAndCancel: progress counts up to every message; a run
// cancelled mid-way stops at the next page with the context's error.
func TestProgressAndCancel(t *testing.T) {
	const n = 5 * store.PageSize
	s := synthArchive(t, n)
	var last [2]int64
	calls := 0
	w := &counting{Writer: export.NewCSV(io.Discard)}
	st, err := export.Run(context.Background(), s, export.Filter{}, meta, w, func(done, total int64) {
		if done < last[0] || total != n {
			t.Errorf("progress %d of %d after %d", done, total, last[0])
		}
		last = [2]int64{done, total}
		calls++
	})
	if err != nil || st.Messages != n || w.messages != n || last != [2]int64{n, n} || calls < 5 {
		t.Errorf("%+v, %v: wrote %d, progress ended at %v after %d reports", st, err, w.messages, last, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w = &counting{Writer: export.NewCSV(io.Discard), after: 10, cancel: cancel}
	st, err = export.Run(ctx, s, export.Filter{}, meta, w, nil)
	if !errors.Is(err, context.Canceled) || w.messages >= n || w.messages > store.PageSize+10 {
		t.Errorf("cancelled after 10: %v, %+v, wrote %d", err, st, w.messages)
	}
}
