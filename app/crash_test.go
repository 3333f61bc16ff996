package app_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// TestKilledMidIngestLosesNothing kills a process in the middle of a large
// ingest (with the index catching up beside it), restarts, and checks that
// every committed message is there exactly once and that the index ends up
// answering like one built without interruption.
func TestKilledMidIngestLosesNothing(t *testing.T) {
	const total, batch = 100_000, 2_000
	dir := t.TempDir()
	args := []string{"--data", dir, "generate", "--messages", strconv.Itoa(total), "--batch", strconv.Itoa(batch)}

	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Progress lines report what is committed; kill once a good part is.
	committed := 0
	line := regexp.MustCompile(`^generate: (\d+) of`)
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := line.FindStringSubmatch(sc.Text()); m != nil {
			committed, _ = strconv.Atoi(m[1])
			if committed >= batch {
				break
			}
		}
	}
	if committed == 0 || committed == total {
		t.Fatalf("the child reported %d of %d before it could be killed", committed, total)
	}
	time.Sleep(700 * time.Millisecond)         // well into the ingest, with the index catching up beside it
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
		t.Fatal(err)
	}
	cmd.Wait()

	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := countMessages(t, s)
	s.Close()
	if n < committed || n%batch != 0 || n > total {
		t.Fatalf("after the kill the archive holds %d messages; want whole batches of %d, at least the %d reported", n, batch, committed)
	}
	t.Logf("killed after %d reported, %d committed", committed, n)

	// Restart: the rest goes in, nothing twice.
	out, errOut, code := runMain(t, args...)
	if code != 0 {
		t.Fatalf("restart: %s", errOut)
	}
	if want := fmt.Sprintf("%d added, 0 merged, 0 updated, %d unchanged", total-n, n); !strings.Contains(out, want) {
		t.Errorf("restart said %q, want %q", out, want)
	}

	// The same archive built without interruption answers the same.
	clean := t.TempDir()
	c, err := store.Open(clean)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := synth.Fill(context.Background(), c, synth.Config{Seed: 1, Messages: total}, batch, nil); err != nil {
		t.Fatal(err)
	}
	s, err = store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := countMessages(t, s); got != total {
		t.Errorf("%d messages after the restart, want %d", got, total)
	}
	owner := synth.New(synth.Config{Seed: 1, Messages: total}).Chats()[0].Members[0]
	for _, q := range []string{"the", "ok", `"you know"`, "from:" + owner, "date:2012-02", "and -the"} {
		got, want := searchKeys(t, s, q), searchKeys(t, c, q)
		if len(want) == 0 {
			t.Errorf("%q finds nothing; pick a query that does", q)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: %d hits after the kill, %d without", q, len(got), len(want))
		}
	}
}

func countMessages(t *testing.T, s *store.Store) int {
	t.Helper()
	c, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Messages
}

// searchKeys lists every hit's key, sorted.
func searchKeys(t *testing.T, s *store.Store, q string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, q, store.SearchOptions{Limit: 100_000})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, h := range res.Hits {
		keys = append(keys, h.Message.Key)
	}
	slices.Sort(keys)
	return keys
}
