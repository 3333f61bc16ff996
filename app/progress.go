package app

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progress shows how far a long job got: a bar redrawn in place ten times
// a second on a terminal; elsewhere plain lines, the first state at once,
// then one every five seconds while anything moves, and the last. It
// redraws on a clock of its own, not only when the job reports: the
// messages archived meanwhile (messages) show even while the job is busy
// with something it does not report, such as copying an export's media.
type progress struct {
	w        io.Writer
	label    string
	terminal bool
	start    time.Time
	messages func() int64 // messages archived so far, when the work is counted in other units

	mu     sync.Mutex
	state  progressState
	begun  bool          // the job reported
	drawn  bool          // something was drawn
	shown  progressState // what the last drawing showed
	stop   chan struct{}
	ticker sync.WaitGroup
}

// Redraw intervals: on a terminal, and for plain lines.
var (
	barEvery  = 100 * time.Millisecond
	lineEvery = 5 * time.Second
)

func newProgress(w io.Writer, label string) *progress {
	p := &progress{w: w, label: label, terminal: isTerminal(w), start: time.Now(), stop: make(chan struct{})}
	every := lineEvery
	if p.terminal {
		every = barEvery
	}
	p.ticker.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case now := <-t.C:
				p.mu.Lock()
				if p.begun {
					p.draw(now, p.terminal)
				}
				p.mu.Unlock()
			}
		}
	})
	return p
}

// update records that done of total units are done (total 0: unknown); the
// first report is drawn at once, the others when the clock says.
func (p *progress) update(done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state = progressState{label: p.label, done: done, total: total, messages: -1}
	p.begun = true
	if !p.drawn {
		p.draw(time.Now(), true)
	}
}

// draw shows the current state; unless always, only when the work moved
// since the last drawing. Callers hold p.mu.
func (p *progress) draw(now time.Time, always bool) {
	p.state.elapsed = now.Sub(p.start)
	if p.messages != nil {
		p.state.messages = p.messages()
	}
	if !always && p.drawn && p.state.done == p.shown.done && p.state.messages == p.shown.messages {
		return
	}
	if p.terminal {
		fmt.Fprintf(p.w, "\r%s\x1b[K", renderProgress(p.state, true))
	} else {
		fmt.Fprintln(p.w, renderProgress(p.state, false))
	}
	p.drawn, p.shown = true, p.state
}

// done stops the clock and shows the last state: a bar ends its line, a
// log gets the last line unless it showed that already.
func (p *progress) done() {
	close(p.stop)
	p.ticker.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.begun {
		return
	}
	p.draw(time.Now(), p.terminal)
	if p.terminal {
		fmt.Fprintln(p.w)
	}
}

// progressState is what one drawing of a progress display shows.
type progressState struct {
	label       string
	done, total int64 // units of work (bytes, rows, messages); total 0 when unknown
	messages    int64 // messages so far; -1 when the units are messages
	elapsed     time.Duration
}

const barWidth = 24

// renderProgress draws a state as one line: for a terminal with a bar
// (percentage, bar, messages so far, rate, time left), otherwise as plain
// text for logs ("reindex: 2000 of 100000 (2%), …" when the units are
// messages, "import x.json: 35%, 350000 messages, …" when they are not).
// Percentage, bar and time left need the total; rate and time left a
// second of history.
func renderProgress(st progressState, bar bool) string {
	messages, counted := st.messages, st.messages >= 0
	if !counted {
		messages = st.done
	}
	number := func(n int64) string { return fmt.Sprint(n) }
	if bar {
		number = thousands
	}
	var parts []string
	frac := 0.0
	if st.total > 0 {
		frac = min(max(float64(st.done)/float64(st.total), 0), 1)
	}
	switch {
	case bar && st.total > 0:
		filled := int(frac * barWidth)
		arrow := ""
		if filled < barWidth {
			arrow = ">"
		}
		parts = append(parts, fmt.Sprintf("%3.0f%% [%s%s%s]", 100*frac, strings.Repeat("=", filled), arrow, strings.Repeat(" ", barWidth-filled-len(arrow))))
	case !bar && !counted && st.total > 0:
		parts = append(parts, fmt.Sprintf("%d of %d (%.0f%%)", st.done, st.total, 100*frac))
	case !bar && counted && st.total > 0:
		parts = append(parts, fmt.Sprintf("%.0f%%", 100*frac))
	}
	if bar || counted || st.total == 0 {
		parts = append(parts, number(messages)+" messages")
	}
	if secs := st.elapsed.Seconds(); secs >= 1 {
		parts = append(parts, number(int64(float64(messages)/secs))+"/s")
		if st.total > 0 && st.done > 0 && st.done < st.total {
			left := time.Duration(float64(st.elapsed) * float64(st.total-st.done) / float64(st.done))
			parts = append(parts, left.Round(time.Second).String()+" left")
		}
	}
	if bar {
		return st.label + " " + strings.Join(parts, "  ")
	}
	return st.label + ": " + strings.Join(parts, ", ")
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
