package groundtruth_test

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/skypeapi/maindb"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
	"github.com/chatchannels/chatchannels/store"
)

// scenario is one seed's run: a world, its sources, and the order they
// went into a fresh archive.
type scenario struct {
	seed    int64
	world   *multisource.World
	sources []multisource.Source // the files, then the live Skype if collected
	steps   []step               // what was done, in order
	failed  map[int]string       // sources whose import failed, and why
	process []finding            // what went wrong while importing and collecting
	store   *store.Store
}

// step imports a source (again: a second time) or collects live.
type step struct {
	source int // index in scenario.sources
	again  bool
}

// plan generates the world, writes its files under dir, and orders the
// steps: every file in a random order, the live Skype somewhere among them
// (unless withLive is false, or the seed says no), then some files again.
func plan(t *testing.T, seed int64, dir string, withLive bool) *scenario {
	w := multisource.Generate(multisource.Config{Seed: seed})
	files, err := w.Render(filepath.Join(dir, "sources"))
	if err != nil {
		t.Fatal(err)
	}
	sc := &scenario{seed: seed, world: w, sources: files, failed: map[int]string{}}
	r := rand.New(rand.NewSource(seed ^ 0x5eed))
	for _, i := range r.Perm(len(files)) {
		sc.steps = append(sc.steps, step{source: i})
	}
	if withLive && r.Intn(4) > 0 {
		_, live := w.SimWorld()
		sc.sources = append(sc.sources, live)
		at := r.Intn(len(sc.steps) + 1)
		sc.steps = append(sc.steps[:at], append([]step{{source: len(files)}}, sc.steps[at:]...)...)
	}
	again := r.Perm(len(files))[:1+r.Intn(len(files)/2)]
	for _, i := range again {
		sc.steps = append(sc.steps, step{source: i, again: true})
	}
	return sc
}

// run carries the steps out on a fresh archive in dir, whose in-memory
// picture keeps refsBudget source references (0: the default).
func (sc *scenario) run(t *testing.T, dir string, refsBudget int) {
	s, err := store.Open(filepath.Join(dir, "archive"))
	if err != nil {
		t.Fatal(err)
	}
	if refsBudget > 0 {
		s.LimitReferences(refsBudget)
	}
	t.Cleanup(func() { s.Close() })
	sc.store = s
	ctx := context.Background()
	for _, st := range sc.steps {
		src := sc.sources[st.source]
		if src.Kind == multisource.Live {
			sw, _ := sc.world.SimWorld()
			if why := collectLive(ctx, s, sw, len(src.Holds)); why != "" {
				sc.process = append(sc.process, finding{kind: kindLive, detail: why})
			}
			continue
		}
		before, err := s.LastChange(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, n, err := importFile(ctx, s, src)
		if err == nil && n != entries(src) {
			sc.process = append(sc.process, finding{kind: kindAccount, subject: src.String(), detail: fmt.Sprintf("%v%s: it read %d messages, its summary accounts for %d (added %d, merged %d, updated %d, unchanged %d, the rest skipped)",
				src, map[bool]string{true: ", imported again,"}[st.again], entries(src), n, res.Added, res.Merged, res.Updated, res.Unchanged)})
		}
		if err != nil {
			if !st.again {
				sc.failed[st.source] = err.Error()
			}
			sc.process = append(sc.process, finding{kind: kindImport, subject: src.String(), detail: fmt.Sprintf("%v%s: %v (it had added %d, merged %d, updated %d)",
				src, map[bool]string{true: ", imported again,"}[st.again], err, res.Added, res.Merged, res.Updated)})
			continue
		}
		_, failedBefore := sc.failed[st.source]
		delete(sc.failed, st.source) // imported again, it went in after all
		after, err := s.LastChange(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.again && !failedBefore && after != before {
			sc.process = append(sc.process, finding{kind: kindAgain, subject: src.String(), detail: fmt.Sprintf("%v: %d changes (added %d, merged %d, updated %d)",
				src, after-before, res.Added, res.Merged, res.Updated)})
		}
	}
}

// imported is the sources with those whose import failed left empty.
func (sc *scenario) imported() []multisource.Source {
	out := slices.Clone(sc.sources)
	for i := range sc.failed {
		out[i].Holds = nil
	}
	return out
}

// importFile imports a main.db or an export with the command's importers,
// and says how many messages its summary accounts for: added, merged,
// updated, unchanged, or skipped with a reason.
func importFile(ctx context.Context, s *store.Store, src multisource.Source) (store.IngestResult, int, error) {
	if src.Kind == multisource.MainDB {
		rep, err := maindb.Import(ctx, s, src.Path, nil)
		return rep.IngestResult, accounted(rep.IngestResult), err
	}
	rep, err := skypeexport.Import(ctx, s, src.Path, nil)
	n := accounted(rep.IngestResult) + rep.SkippedSystem + rep.SkippedBlank + rep.SkippedNoFrom
	for _, k := range rep.SkippedTypes {
		n += k
	}
	return rep.IngestResult, n, err
}

func accounted(r store.IngestResult) int { return r.Added + r.Merged + r.Updated + r.Unchanged }

// entries is how many messages a file holds: a main.db's rows, an
// export's MessageList entries.
func entries(src multisource.Source) int {
	n := 0
	for _, h := range src.Holds {
		n += len(h.Shown)
	}
	return n
}

// describeSteps lists the steps for the failure message, so that a reader
// can replay them.
func (sc *scenario) describeSteps() string {
	var parts []string
	for i, st := range sc.steps {
		s := fmt.Sprintf("%d. %v", i+1, sc.sources[st.source])
		if st.again {
			s += " (again)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}
