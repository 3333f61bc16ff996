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
	if now.Sub(p.last) < time.Second && (total == 0 || done < total) {
		return
	}
	p.last = now
	line := fmt.Sprintf("%s: %d", p.label, done)
	if total > 0 {
		line += fmt.Sprintf(" of %d (%.0f%%)", total, 100*float64(done)/float64(total))
	}
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
