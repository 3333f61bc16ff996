package groundtruth_test

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
)

// finding is one way the archive differs from the truth.
type finding struct {
	kind    string
	subject string // the chat, message or source it is about
	detail  string
}

// The kinds of finding, in the order a report lists them.
const (
	kindImport    = "import failed"
	kindAgain     = "importing again changed the archive"
	kindAccount   = "an import's summary not accounting for every message read"
	kindLive      = "live collection did not finish"
	kindSplit     = "one conversation in several chats"
	kindFolded    = "a chat holding another conversation's messages"
	kindNoChat    = "a conversation with no chat of its own"
	kindStray     = "a chat that is no conversation"
	kindCount     = "a chat's message count wrong"
	kindMissing   = "message missing"
	kindDuplicate = "message archived more than once"
	kindOldCopy   = "an earlier version archived as a message of its own"
	kindVersion   = "message showing another version than the newest"
	kindEdit      = "edit or deletion mark wrong"
	kindEarlier   = "earlier versions wrong"
	kindUnknown   = "message that is in no source"
)

var kindOrder = []string{kindImport, kindAgain, kindAccount, kindLive, kindSplit, kindFolded, kindNoChat, kindStray, kindCount,
	kindMissing, kindDuplicate, kindOldCopy, kindVersion, kindEdit, kindEarlier, kindUnknown}

// report lists findings by kind, at most shown of each.
func report(findings []finding, shown int) string {
	byKind := map[string][]string{}
	for _, f := range findings {
		byKind[f.kind] = append(byKind[f.kind], f.detail)
	}
	var b strings.Builder
	for _, k := range kindOrder {
		details := byKind[k]
		if len(details) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n  %d × %s:", len(details), k)
		for i, d := range details {
			if i == shown {
				fmt.Fprintf(&b, "\n    … and %d more (-groundtruth.shown)", len(details)-shown)
				break
			}
			fmt.Fprintf(&b, "\n    - %s", strings.ReplaceAll(d, "\n", "\n      "))
		}
	}
	return b.String()
}

// counts is how many findings there are of each kind, in kindOrder.
func counts(findings []finding) string {
	n := map[string]int{}
	for _, f := range findings {
		n[f.kind]++
	}
	var parts []string
	for _, k := range kindOrder {
		if n[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[k], k))
		}
	}
	return strings.Join(parts, ", ")
}

// describeArchived names an archived message for a reader.
func describeArchived(m *archivedMsg) string {
	s := fmt.Sprintf("%s at %s: %q", m.Author, m.Time.Format(timeLayout), clip(m.Text, 60))
	if m.Deleted {
		s = fmt.Sprintf("%s at %s: (deleted)", m.Author, m.Time.Format(timeLayout))
	}
	if len(m.earlier) > 0 {
		s += fmt.Sprintf(", earlier %q", m.earlier)
	}
	return s
}

const timeLayout = "2006-01-02T15:04:05.000Z"

// heldBy names the sources that held an expected message and how each
// filed it, marking those whose import failed.
func (sc *scenario) heldBy(e *multisource.Expectation) string {
	var names []string
	for _, i := range e.Sources {
		names = append(names, sc.named(i, e.Message))
	}
	return "held by " + strings.Join(names, "; ")
}

// named names source i, how it files message m, and whether its import
// failed.
func (sc *scenario) named(i, m int) string {
	src := &sc.sources[i]
	n := src.String()
	if k, ok := slices.BinarySearchFunc(src.Holds, m, func(h multisource.Sighting, m int) int { return h.Message - m }); ok {
		n += " " + src.Holds[k].Where
	}
	if _, failed := sc.failed[i]; failed {
		n += " (its import failed)"
	}
	return n
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func absDiff(a, b time.Time) time.Duration {
	d := a.Sub(b)
	if d < 0 {
		return -d
	}
	return d
}

// sortedDistinct returns the distinct strings of list, sorted.
func sortedDistinct(list []string) []string {
	out := slices.Clone(list)
	slices.Sort(out)
	return slices.Compact(out)
}
