package app

import (
	"fmt"
	"io"
	"time"
)

// progress shows how far a long job got: a line redrawn in place on a
// terminal, plain lines at most once a second elsewhere.
type progress struct {
	w        io.Writer
	label    string
	terminal bool
	last     time.Time
	drawn    bool
}

func newProgress(w io.Writer, label string) *progress {
	return &progress{w: w, label: label, terminal: isTerminal(w)}
}

func (p *progress) update(done, total int64) {
	now := time.Now()
	if now.Sub(p.last) < time.Second && done < total {
		return
	}
	p.last = now
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s: %d of %d (%.0f%%)\x1b[K", p.label, done, total, pct)
		p.drawn = true
		return
	}
	fmt.Fprintf(p.w, "%s: %d of %d (%.0f%%)\n", p.label, done, total, pct)
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
