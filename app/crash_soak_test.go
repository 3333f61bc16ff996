package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

var (
	soakKills    = flag.Int("soak.kills", 0, "crash soak: kill at least this many times (0: the short run of go test ./...)")
	soakSeed     = flag.Int64("soak.seed", 1, "crash soak: the seed of its world and of its kill moments")
	soakMessages = flag.Int("soak.messages", 2000, "crash soak: about this many messages in its world, as many again added behind the index")
)

// shortSoakKills is how many kills go test ./... makes.
const shortSoakKills = 20

// soakEdited is the text a message is edited to while it is collected.
const soakEdited = "edited while collected"

// TestCrashSoak kills Chat Channels (SIGKILL) at random moments of six
// stages run one after the other on one data folder: an export import, a
// main.db import, live collection from the simulator (edits and deletions
// arriving), index catch-up, reindex, and the merge of two chats. After
// each kill a fresh process restarts the stage on the same folder until
// it completes; each round of the six stages starts on a fresh folder. At
// the end of every round the archive (chats, messages, versions, sources,
// read positions) and the search results of a fixed set of queries must
// equal those of a run without kills.
//
// The kill moments come from -soak.seed; a kill lands at a random moment
// within 1.5 times the stage's uninterrupted duration, so a restart may
// complete before it. The long run:
//
//	go test ./app -run TestCrashSoak -soak.kills 1000 -v
func TestCrashSoak(t *testing.T) {
	target := *soakKills
	if target == 0 {
		target = shortSoakKills
	}
	seed := *soakSeed
	t.Logf("crash soak: seed %d, at least %d kills, a world of about %d messages", seed, target, *soakMessages)
	stages := soakStages(t, seed, *soakMessages)
	ctx := context.Background()

	// The uninterrupted run: what every round must end with, and how long
	// each stage takes.
	ref := t.TempDir()
	took := map[string]time.Duration{}
	for _, st := range stages {
		st.prepare(t, ref)
		start := time.Now()
		if r := runSoakStage(t, st, ref, -1); r.killed {
			t.Fatalf("%s: killed without a kill", st.name)
		}
		took[st.name] = time.Since(start)
	}
	want := soakDump(t, ctx, ref, stages)
	for _, q := range stages[len(stages)-1].queries {
		if !strings.Contains(want, fmt.Sprintf("%q ", q)) || strings.Contains(want, fmt.Sprintf("%q 0:", q)) {
			t.Errorf("%q finds nothing in the uninterrupted run; pick a query that does", q)
		}
	}
	if !strings.Contains(want, "was ") || !strings.Contains(want, "read set=true opened=true") {
		t.Error("the uninterrupted run has no earlier versions or no read position to compare")
	}

	rng := rand.New(rand.NewSource(seed))
	tally := map[string]*soakTally{}
	for _, st := range stages {
		tally[st.name] = &soakTally{}
	}
	kills, rounds, start := 0, 0, time.Now()
	for kills < target {
		rounds++
		dir := filepath.Join(t.TempDir(), "round")
		for _, st := range stages {
			st.prepare(t, dir)
			tl := tally[st.name]
			for {
				at := time.Duration(rng.Int63n(int64(took[st.name])*3/2) + 1)
				r := runSoakStage(t, st, dir, at)
				tl.runs++
				tl.rebuilt += r.rebuilt
				if !r.killed {
					break
				}
				tl.kills++
				kills++
				if lag := soakIndexLag(t, dir); lag > 0 {
					tl.lagging++
				}
			}
		}
		if *soakKills > 0 {
			t.Logf("round %d: %d kills so far, %v", rounds, kills, time.Since(start).Round(time.Second))
		}
		got := soakDump(t, ctx, dir, stages)
		if diff := storetest.FirstDifference(got, want); diff != "" {
			kept := filepath.Join(os.TempDir(), fmt.Sprintf("crash-soak-%d", seed))
			os.MkdirAll(kept, 0o700)
			os.WriteFile(filepath.Join(kept, "got.txt"), []byte(got), 0o600)
			os.WriteFile(filepath.Join(kept, "want.txt"), []byte(want), 0o600)
			t.Fatalf("seed %d, round %d (%d kills so far): the archive differs from the uninterrupted run's at %s\n(both dumps are in %s)", seed, rounds, kills, diff, kept)
		}
		os.RemoveAll(dir) // a long run makes hundreds
	}
	var b strings.Builder
	for _, st := range stages {
		tl := tally[st.name]
		fmt.Fprintf(&b, "\n  %-16s %4d kills, %4d runs (%d restarts), uninterrupted %v; the index was behind the archive after %d kills; %d index rebuilds logged",
			st.name, tl.kills, tl.runs, tl.runs-rounds, took[st.name].Round(time.Millisecond), tl.lagging, tl.rebuilt)
	}
	t.Logf("crash soak: seed %d, %d kills in %d rounds, %v; every round ended equal to the uninterrupted run%s",
		seed, kills, rounds, time.Since(start).Round(time.Second), b.String())
}

// soakTally counts what happened in one stage over the whole soak.
type soakTally struct {
	kills, runs int
	lagging     int // kills after which the index was behind the archive
	rebuilt     int // runs that logged rebuilding the index
}

// soakStage is a stage of the crash soak: a child process run until it
// completes, killed at random moments on the way.
type soakStage struct {
	name    string
	prepare func(t *testing.T, dir string) // uninterrupted set-up before the stage
	env     []string                       // a soakChildEnv stage, or nil for chatchannels itself
	args    func(dir string) []string
	queries []string // the soak's fixed queries (on the last stage)
}

// soakStages generates the soak's world and its sources and returns its
// stages.
func soakStages(t *testing.T, seed int64, messages int) []soakStage {
	src := t.TempDir()
	w := multisource.Generate(multisource.Config{Seed: seed, Messages: messages})
	files, err := w.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	var export, mainDB multisource.Source
	for _, f := range files {
		switch {
		case f.Kind == multisource.ExportTar && export.Path == "":
			export = f
		case f.Kind == multisource.MainDB && mainDB.Path == "" && f.Account != w.Live:
			mainDB = f
		}
	}
	if export.Path == "" || mainDB.Path == "" {
		t.Fatalf("seed %d's world has no export or no main.db", seed)
	}
	sw, worldPath, clock := soakLiveWorld(t, w, src, export, mainDB)

	behind := synth.Config{Seed: seed, Messages: messages}
	synthChats := synth.New(behind).Chats()
	keep, other := synthChats[0].Name, synthChats[1].Name
	first, _ := synth.New(behind).Next()
	none := func(*testing.T, string) {}
	return []soakStage{
		{name: "export import", prepare: none, args: func(dir string) []string { return []string{"--data", dir, "import", export.Path} }},
		{name: "main.db import", prepare: none, args: func(dir string) []string { return []string{"--data", dir, "import", mainDB.Path} }},
		{name: "live collection", env: []string{soakChildEnv + "=collect"},
			prepare: func(t *testing.T, dir string) { soakPick(t, dir, sw) },
			args:    func(dir string) []string { return []string{dir, worldPath, clock} }},
		{name: "index catch-up",
			prepare: func(t *testing.T, dir string) { soakFillBehindIndex(t, dir, behind) },
			args:    func(dir string) []string { return []string{"--data", dir, "search", "the"} }},
		{name: "reindex", prepare: none, args: func(dir string) []string { return []string{"--data", dir, "reindex"} }},
		{name: "chat merge", env: []string{soakChildEnv + "=merge"},
			prepare: func(t *testing.T, dir string) { soakRead(t, dir, keep, other) },
			args:    func(dir string) []string { return []string{dir, keep, other} },
			queries: []string{"the", "ok", `"you know"`, soakEdited, "from:" + synthChats[0].Members[0], "from:" + w.Live, "date:" + first.Time.Format("2006-01"), "and -the"}},
	}
}

// soakLiveWorld writes the simulator world of w's live Skype, with edits
// and a deletion scripted after its messages, and returns it, its path,
// and the simulator's clock (Unix seconds) that dates the edits. The
// edited messages are ones the imported files hold too, so that the
// archive has their earlier text whether the collector fetched them
// before or after the edit: what it keeps does not depend on that race.
func soakLiveWorld(t *testing.T, w *multisource.World, dir string, imported ...multisource.Source) (*skypesim.World, string, string) {
	sw, live := w.SimWorld()
	held := map[int]bool{}
	for _, src := range imported {
		for _, h := range src.Holds {
			held[h.Message] = true
		}
	}
	chat := map[string]int{}
	for i, c := range sw.Chats {
		chat[c.Name] = i
	}
	var at int64
	for _, st := range sw.Script {
		at = max(at, st.AfterMS)
	}
	// Walk the live Skype's messages as SimWorld laid them out: each
	// chat's history in order, the scripted ones (its newest) left out.
	next, edited := map[string]int{}, 0
	for _, h := range live.Holds {
		m := &w.Messages[h.Message]
		name := w.Chats[m.Chat].LegacyAt(m.Time)
		msgs := sw.Chats[chat[name]].Messages
		j := next[name]
		if j >= len(msgs) || msgs[j].From != m.Author || msgs[j].Body != m.Versions[h.Current].Body {
			continue // scripted
		}
		next[name] = j + 1
		if !held[h.Message] || edited == 3 || msgs[j].Body == "" {
			continue
		}
		body := soakEdited
		if edited == 2 {
			body = "" // a deletion
		}
		at += 40
		sw.Script = append(sw.Script, skypesim.Step{AfterMS: at, Edit: &skypesim.Edit{Chat: name, Index: j, Body: body}})
		edited++
	}
	if edited < 3 {
		t.Fatalf("the live world has too few messages the imported files hold too (%d) to edit", edited)
	}
	data, err := json.Marshal(sw)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "live-world.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return sw, path, strconv.FormatInt(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), 10)
}

// soakPick picks the chats the simulated Skype lists for collection, as
// the user would before collecting.
func soakPick(t *testing.T, dir string, sw *skypesim.World) {
	withDB(t, dir, func(ctx context.Context, s *store.Store) error {
		for _, c := range sw.Chats {
			if c.Cloud {
				continue
			}
			if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: c.Name}); err != nil {
				return err
			}
			if err := s.SetCollected(ctx, c.Name, true); err != nil {
				return err
			}
		}
		return nil
	})
}

// soakFillBehindIndex archives messages without the index (as an import
// does while a running Chat Channels holds it), so that the index has
// them to catch up on.
func soakFillBehindIndex(t *testing.T, dir string, cfg synth.Config) {
	withDB(t, dir, func(ctx context.Context, s *store.Store) error {
		_, err := synth.Fill(ctx, s, cfg, 500, nil)
		return err
	})
}

// soakRead reads the two chats about to be merged part of the way, so
// that they have read positions for the merge to keep.
func soakRead(t *testing.T, dir string, chats ...string) {
	withDB(t, dir, func(ctx context.Context, s *store.Store) error {
		for i, name := range chats {
			c, err := s.FindChat(ctx, name)
			if err != nil {
				return err
			}
			msgs, err := s.ChatMessages(ctx, c.ID, 0, 1<<30)
			if err != nil {
				return err
			}
			if _, err := s.MarkRead(ctx, c.ID, msgs[len(msgs)*(i+1)/3]); err != nil {
				return err
			}
		}
		return nil
	})
}

// withDB runs fn on the archive in dir opened without its index.
func withDB(t *testing.T, dir string, fn func(context.Context, *store.Store) error) {
	t.Helper()
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := fn(context.Background(), s); err != nil {
		t.Fatal(err)
	}
}

// soakResult is how a stage's process ended.
type soakResult struct {
	killed  bool
	rebuilt int // times it logged rebuilding the index
}

// runSoakStage runs the stage's process on dir and kills it after
// killAfter (never when negative) unless it completed by then. A process
// that fails on its own fails the test.
func runSoakStage(t *testing.T, st soakStage, dir string, killAfter time.Duration) soakResult {
	t.Helper()
	cmd, sc := startChildEnv(t, st.env, st.args(dir)...)
	var res soakResult
	var tail []string
	var wg sync.WaitGroup
	wg.Go(func() {
		for sc.Scan() {
			line := sc.Text()
			if strings.Contains(line, "rebuilding it") {
				res.rebuilt++
			}
			tail = append(tail[max(len(tail)-4, 0):], line)
		}
	})
	done := make(chan error, 1)
	go func() { wg.Wait(); done <- cmd.Wait() }()
	var kill <-chan time.Time
	if killAfter >= 0 {
		kill = time.After(killAfter)
	}
	var err error
	select {
	case err = <-done:
	case <-kill:
		cmd.Process.Kill() // SIGKILL: no chance to clean up
		err = <-done
		res.killed = err != nil && !cmd.ProcessState.Exited()
	}
	var exit *exec.ExitError
	if err != nil && !res.killed || errors.As(err, &exit) && exit.Exited() {
		t.Fatalf("%s: the process failed on its own: %v\n%s", st.name, err, strings.Join(tail, "\n"))
	}
	return res
}

// soakIndexLag is how far the index on disk is behind the archive.
func soakIndexLag(t *testing.T, dir string) int64 {
	var lag int64
	withDB(t, dir, func(ctx context.Context, s *store.Store) (err error) {
		lag, err = s.IndexLag(ctx)
		return err
	})
	return lag
}

// soakDump opens the archive in dir with its index, lets the index catch
// up, and dumps the archive and the answers to the soak's queries.
func soakDump(t *testing.T, ctx context.Context, dir string, stages []soakStage) string {
	t.Helper()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if lag, err := s.IndexLag(ctx); err != nil || lag != 0 {
		t.Fatalf("index lag %d after catching up (%v)", lag, err)
	}
	archive, err := storetest.Dump(ctx, s, storetest.Options{Sources: true, Reading: true})
	if err != nil {
		t.Fatal(err)
	}
	found, err := storetest.SearchDump(ctx, s, stages[len(stages)-1].queries)
	if err != nil {
		t.Fatal(err)
	}
	return archive + found
}
