package groundtruth_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/store"
)

// liveTimeout is how long collecting may take before the test gives up
// (a world's live Skype collects in well under a second).
const liveTimeout = 15 * time.Second

// collectLive picks every chat the simulated Skype lists, runs the collector
// until it has archived the want messages Skype holds (its history and its
// script) and then stayed quiet a while, and stops it. It returns why it did
// not finish, or "".
func collectLive(ctx context.Context, s *store.Store, w *skypesim.World, want int) string {
	for _, c := range w.Chats {
		if c.Cloud {
			continue // Skype does not list cloud chats; nobody can pick them
		}
		if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: c.Name}); err != nil {
			return "picking " + c.Name + ": " + err.Error()
		}
		if err := s.SetCollected(ctx, c.Name, true); err != nil {
			return "picking " + c.Name + ": " + err.Error()
		}
	}
	logs := &lockedBuffer{}
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelWarn})))

	ctx, cancel := context.WithCancel(ctx)
	sim := skypesim.New(w, skypesim.Options{})
	c := &collector.Collector{Store: s, Connector: sim, Options: collector.Options{
		Ping: 200 * time.Millisecond, Rescan: 50 * time.Millisecond, RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond,
		Client: skypeapi.ClientOptions{Timeout: 5 * time.Second},
	}}
	scripted := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { sim.Run(ctx); close(scripted) })
	wg.Go(func() { c.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()

	base := s.Ingested()
	last, quietSince := base, time.Now()
	deadline := time.Now().Add(liveTimeout)
	for {
		time.Sleep(20 * time.Millisecond)
		n := s.Ingested()
		if n != last {
			last, quietSince = n, time.Now()
		}
		select {
		case <-scripted:
			if n-base >= int64(want) && time.Since(quietSince) > 300*time.Millisecond {
				return ""
			}
		default:
		}
		if time.Now().After(deadline) {
			why := fmt.Sprintf("after %v the collector had archived %d of the %d messages Skype holds", liveTimeout, n-base, want)
			if l := logs.lines(3); l != "" {
				why += "; it logged: " + l
			}
			return why
		}
	}
}

// lockedBuffer collects log lines from the collector's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines returns the last n distinct lines logged, without their time stamps.
func (l *lockedBuffer) lines(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	seen := map[string]bool{}
	all := strings.Split(strings.TrimSpace(l.b.String()), "\n")
	for i := len(all) - 1; i >= 0 && len(out) < n; i-- {
		line := all[i]
		if _, rest, ok := strings.Cut(line, " level="); ok {
			line = "level=" + rest
		}
		if line != "" && !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	return strings.Join(out, " | ")
}
