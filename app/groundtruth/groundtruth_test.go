package groundtruth_test

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
)

var (
	seeds     = flag.Int("groundtruth.seeds", 0, "sweep seeds 1 to N instead of the few fast ones")
	firstSeed = flag.Int64("groundtruth.seed", 0, "run this one seed (with -groundtruth.seeds: start the sweep here)")
	withLive  = flag.Bool("groundtruth.live", true, "collect from the simulated live Skype (in three seeds of four)")
	shown     = flag.Int("groundtruth.shown", 6, "findings shown of each kind per seed")
	refs      = flag.Int("groundtruth.refs", 0, "keep at most this many source references in memory (0: the default), paging them in and out")
)

// fastSeeds run in go test ./...: between them every kind of source,
// the live Skype among them.
var fastSeeds = []int64{1, 2}

// TestGroundTruth imports every source of a generated world in a seeded
// order, some twice, collects the live Skype, and checks the archive
// against the truth (see the package comment).
func TestGroundTruth(t *testing.T) {
	list := fastSeeds
	switch {
	case *seeds > 0:
		list = nil
		for i := range int64(*seeds) {
			list = append(list, max(*firstSeed, 1)+i)
		}
	case *firstSeed != 0:
		list = []int64{*firstSeed}
	}
	sweep := map[string][]int64{}      // finding kind → seeds
	sweepAlone := map[string][]int64{} // the same, leaving out the sources whose import failed
	sources, failedSeeds := 0, 0
	for _, seed := range list {
		t.Run(fmt.Sprintf("seed=%d", seed), func(t *testing.T) {
			sc, findings, rest := checkSeed(t, seed, *refs)
			sources += len(sc.steps)
			if len(findings) == 0 {
				return
			}
			failedSeeds++
			tally(sweep, seed, findings)
			tally(sweepAlone, seed, rest)
			alone := ""
			if len(sc.failed) > 0 {
				alone = fmt.Sprintf("\nLeaving out the %d sources whose import failed, it still differs: %s.", len(sc.failed), counts(rest))
			}
			w := sc.world
			t.Errorf("seed %d: the archive differs from the truth: %s.%s\n"+
				"World: %d people, %d chats, %d messages (replay: go test ./app/groundtruth -run 'TestGroundTruth' -groundtruth.seed %d -v).\n"+
				"Steps: %s.%s",
				seed, counts(findings), alone, len(w.People), len(w.Chats), len(w.Messages), seed, sc.describeSteps(), report(findings, *shown))
		})
	}
	if len(list) > len(fastSeeds) {
		t.Logf("sweep: %d seeds, %d imports and collections; %d seeds differ from the truth%s\n"+
			"leaving out in each seed the sources whose import failed:%s", len(list), sources, failedSeeds, sweepSummary(sweep), sweepSummary(sweepAlone))
	}
}

// TestGroundTruthPagedReferences is TestGroundTruth's fast seeds with
// room in memory for a dozen source references, far fewer than any chat
// has: the in-memory picture pages them in and out all along, and the
// archive must still match the truth.
func TestGroundTruthPagedReferences(t *testing.T) {
	for _, seed := range fastSeeds {
		if _, findings, _ := checkSeed(t, seed, 12); len(findings) > 0 {
			t.Errorf("seed %d with paged references: the archive differs from the truth: %s.%s", seed, counts(findings), report(findings, *shown))
		}
	}
}

// markFollowing marks the findings that leaving out the failed imports
// makes go away: they follow from those failures.
func markFollowing(findings, rest []finding) {
	still := map[[2]string]bool{}
	for _, f := range rest {
		still[[2]string{f.kind, f.subject}] = true
	}
	for i, f := range findings {
		if f.kind != kindImport && !still[[2]string{f.kind, f.subject}] {
			findings[i].detail += " [follows from a failed import]"
		}
	}
}

// checkSeed runs one seed's scenario and compares the archive with the
// truth. It returns the findings, and those that remain when the sources
// whose import failed are left out of the truth (the others are marked as
// following from the failures).
func checkSeed(t *testing.T, seed int64, refsBudget int) (sc *scenario, findings, rest []finding) {
	dir := t.TempDir()
	sc = plan(t, seed, dir, *withLive)
	sc.run(t, dir, refsBudget)
	a, err := readArchive(context.Background(), sc.store)
	if err != nil {
		t.Fatal(err)
	}
	compared := compare(sc, multisource.Expect(sc.world, sc.sources), a)
	findings = append(slices.Clone(sc.process), compared...)
	for _, f := range sc.process {
		if f.kind != kindImport {
			rest = append(rest, f)
		}
	}
	if len(sc.failed) == 0 {
		return sc, findings, append(rest, compared...)
	}
	rest = append(rest, compare(sc, multisource.Expect(sc.world, sc.imported()), a)...)
	markFollowing(findings, rest)
	return sc, findings, rest
}

// tally records the kinds of findings a seed had.
func tally(sweep map[string][]int64, seed int64, findings []finding) {
	seen := map[string]bool{}
	for _, f := range findings {
		if !seen[f.kind] {
			seen[f.kind] = true
			sweep[f.kind] = append(sweep[f.kind], seed)
		}
	}
}

// sweepSummary lists each kind of finding with the seeds that had it.
func sweepSummary(sweep map[string][]int64) string {
	var kinds []string
	for k := range sweep {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return indexOf(kinds[i]) < indexOf(kinds[j]) })
	var b strings.Builder
	for _, k := range kinds {
		s := sweep[k]
		list := fmt.Sprint(s[:min(len(s), 20)])
		if len(s) > 20 {
			list = strings.TrimSuffix(list, "]") + " …]"
		}
		fmt.Fprintf(&b, "\n  %s: %d seeds %s", k, len(s), list)
	}
	return b.String()
}

func indexOf(kind string) int {
	for i, k := range kindOrder {
		if k == kind {
			return i
		}
	}
	return len(kindOrder)
}
