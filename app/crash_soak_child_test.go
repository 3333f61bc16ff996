package app_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/store"
)

// soakChildEnv makes the test binary run one of the crash soak's stages
// that have no command of their own (see runSoakChild).
const soakChildEnv = "CHATCHANNELS_SOAK_STAGE"

// runSoakChild runs a soak stage in this process, as the crash soak's
// child, and returns the exit code:
//
//	collect DATA WORLD CLOCK: collect live from the simulator playing WORLD
//	  (edits dated CLOCK, Unix seconds) until its script has played and the
//	  collector has been quiet a while, then bring the index up to date;
//	merge DATA KEEP OTHER: fold chat OTHER into KEEP, as a source that shows
//	  them to be one conversation does, then bring the index up to date.
func runSoakChild(stage string, args []string) int {
	var err error
	switch {
	case stage == "collect" && len(args) == 3:
		err = soakCollect(args[0], args[1], args[2])
	case stage == "merge" && len(args) == 3:
		err = soakMerge(args[0], args[1], args[2])
	default:
		err = fmt.Errorf("unknown soak stage %s %q", stage, args)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "soak %s: %v\n", stage, err)
		return 1
	}
	fmt.Fprintf(os.Stderr, "soak %s: done\n", stage)
	return 0
}

// soakQuiet is how long the collector must have archived nothing, after
// the script played, before the collection counts as complete.
const soakQuiet = 500 * time.Millisecond

func soakCollect(dir, worldPath, clock string) error {
	w, err := skypesim.LoadWorld(worldPath)
	if err != nil {
		return err
	}
	secs, err := strconv.ParseInt(clock, 10, 64)
	if err != nil {
		return err
	}
	s, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	sim := skypesim.New(w, skypesim.Options{Clock: func() time.Time { return time.Unix(secs, 0) }})
	c := &collector.Collector{Store: s, Connector: sim, Options: collector.Options{
		Ping: 200 * time.Millisecond, Rescan: 50 * time.Millisecond, RetryMin: 20 * time.Millisecond, RetryMax: 100 * time.Millisecond,
		Client: skypeapi.ClientOptions{Timeout: 5 * time.Second},
	}}
	scripted := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { sim.Run(ctx); close(scripted) })
	wg.Go(func() { c.Run(ctx) })
	<-scripted
	// Each sync ingests every message Skype holds, archived or not: the
	// collection is complete once it ingested that many and went quiet.
	want := int64(0)
	for _, c := range w.Chats {
		if !c.Cloud {
			want += int64(len(c.Messages))
		}
	}
	for _, st := range w.Script {
		if st.Message != nil {
			want++
		}
	}
	last, quietSince := s.Ingested(), time.Now()
	for last < want || time.Since(quietSince) < soakQuiet {
		time.Sleep(20 * time.Millisecond)
		if n := s.Ingested(); n != last {
			last, quietSince = n, time.Now()
		}
	}
	cancel()
	wg.Wait()
	return s.WaitIndexed(context.Background())
}

func soakMerge(dir, keep, other string) error {
	s, err := store.Open(dir)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: keep, Aliases: []string{other}}); err != nil {
		return err
	}
	return s.WaitIndexed(ctx)
}
