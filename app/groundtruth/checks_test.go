package groundtruth_test

import (
	"fmt"
	"slices"
	"strings"

	"github.com/chatchannels/chatchannels/skypeapi/synth/multisource"
)

// compare lists every way the archive differs from what the sources must
// give.
func compare(sc *scenario, exp multisource.Expected, a *archived) []finding {
	c := &comparison{sc: sc, w: sc.world, exp: exp.Messages, a: a}
	c.pair()
	c.checkChats(exp.Chats)
	c.checkMessages()
	c.checkLeftovers()
	return c.findings
}

// add records a finding about subject: what it is about, to tell the same
// finding in another comparison.
func (c *comparison) add(kind, subject, format string, args ...any) {
	c.findings = append(c.findings, finding{kind: kind, subject: subject, detail: fmt.Sprintf(format, args...)})
}

// checkChats: each conversation is one chat, and each chat one conversation.
func (c *comparison) checkChats(expected []int) {
	homes := map[int]map[int]int{} // truth chat → archive chat → messages matched in place
	for i, m := range c.match {
		if m != nil && c.chatOf[m.chat] == c.exp[i].Chat {
			if homes[c.exp[i].Chat] == nil {
				homes[c.exp[i].Chat] = map[int]int{}
			}
			homes[c.exp[i].Chat][m.chat]++
		}
	}
	for _, t := range expected {
		switch h := homes[t]; {
		case len(h) == 0:
			c.add(kindNoChat, fmt.Sprint("chat ", t), "%v: none of its messages is in a chat of its own", &c.w.Chats[t])
		case len(h) > 1:
			var parts []string
			for _, ci := range sortedKeys(h) {
				parts = append(parts, fmt.Sprintf("%s (%d of its messages)", c.a.chats[ci].describe(), h[ci]))
			}
			c.add(kindSplit, fmt.Sprint("chat ", t), "%v is split over %s", &c.w.Chats[t], strings.Join(parts, "; "))
		}
	}
	for ci := range c.a.chats {
		ac := &c.a.chats[ci]
		if ac.MessageCount != len(ac.msgs) {
			c.add(kindCount, ac.Name, "%s says it has %d", ac.describe(), ac.MessageCount)
		}
		foreign := map[int][]string{} // truth chat → examples of its messages here
		own := 0
		for _, m := range ac.msgs {
			if !m.matched {
				continue
			}
			if t := c.exp[m.expected].Chat; t != c.chatOf[ci] {
				foreign[t] = append(foreign[t], c.w.Messages[c.exp[m.expected].Message].String())
			} else {
				own++
			}
		}
		switch {
		case len(ac.msgs) == 0:
			c.add(kindStray, ac.Name, "%s is empty", ac.describe())
		case c.chatOf[ci] < 0 && len(foreign) == 0:
			c.add(kindStray, ac.Name, "%s: none of its messages is in the world", ac.describe())
		}
		for _, t := range sortedKeys(foreign) {
			ex := foreign[t]
			head := fmt.Sprintf("%s, the chat of %v (%d messages), also holds %d of %v", ac.describe(), &c.w.Chats[c.chatOf[ci]], own, len(ex), &c.w.Chats[t])
			if c.chatOf[ci] < 0 {
				head = fmt.Sprintf("%s holds %d messages of %v", ac.describe(), len(ex), &c.w.Chats[t])
			}
			c.add(kindFolded, fmt.Sprint(ac.Name, " ", t), "%s, e.g. %s", head, strings.Join(ex[:min(2, len(ex))], "; "))
		}
	}
}

// checkMessages: each expected message is there, once, with its edit marks
// and earlier versions.
func (c *comparison) checkMessages() {
	for i := range c.exp {
		e := &c.exp[i]
		m := &c.w.Messages[e.Message]
		where := fmt.Sprintf("%v in %v", m, &c.w.Chats[e.Chat])
		subject := fmt.Sprint("message ", e.Message)
		if got := c.changed[i]; got != nil {
			want := fmt.Sprintf("%q", clip(e.Current.Text, 60))
			if e.Current.Deleted {
				want = "it deleted"
			}
			c.add(kindVersion, subject, "%s: want %s; %s holds %s (sources: %s); it was %s", where, want, c.a.chats[got.chat].describe(), describeArchived(got), strings.Join(c.a.sources(got), ", "), c.sc.heldBy(e))
			continue
		}
		got := c.match[i]
		if got == nil {
			c.add(kindMissing, subject, "%s, %s%s%s", where, c.sc.heldBy(e), c.whyMissing(e), c.twins(i))
			continue
		}
		switch {
		case e.Edited && got.EditedAt.IsZero():
			c.add(kindEdit, subject, "%s: not marked edited (want edited at %s)", where, e.Current.At.Format(timeLayout))
		case e.Edited && absDiff(got.EditedAt, e.Current.At) > tolerance:
			c.add(kindEdit, subject, "%s: marked edited at %s, want %s", where, got.EditedAt.Format(timeLayout), e.Current.At.Format(timeLayout))
		case !e.Edited && !got.EditedAt.IsZero():
			c.add(kindEdit, subject, "%s: marked edited at %s, but no source showed an edit", where, got.EditedAt.Format(timeLayout))
		}
		if have := sortedDistinct(got.earlier); !slices.Equal(have, e.Earlier) || len(have) != len(got.earlier) {
			c.add(kindEarlier, subject, "%s: earlier versions %q, want %q%s%s", where, got.earlier, e.Earlier, c.whoseTexts(e, got.earlier), c.showedLost(e, got.earlier))
		}
	}
}

// whyMissing looks for where a missing message went: kept as an earlier
// version of another message by its author.
func (c *comparison) whyMissing(e *multisource.Expectation) string {
	if e.Current.Deleted {
		return ""
	}
	for ci := range c.a.chats {
		for _, m := range c.a.chats[ci].msgs {
			if m.Author == e.Author && absDiff(m.Time, e.Time) <= tolerance && slices.Contains(m.earlier, e.Current.Text) {
				return fmt.Sprintf("; its text is kept as an earlier version of %s in %s", describeArchived(m), c.a.chats[ci].describe())
			}
		}
	}
	return ""
}

// twins names the identical messages (same author, text and time within
// the tolerance) expected beside expectation i: which of them is the one
// missing cannot be told apart.
func (c *comparison) twins(i int) string {
	var others []string
	for j := range c.exp {
		if j != i && c.exp[j].Chat == c.exp[i].Chat && expKey(&c.exp[j]) == expKey(&c.exp[i]) && absDiff(c.exp[j].Time, c.exp[i].Time) <= tolerance {
			others = append(others, fmt.Sprint(c.exp[j].Message))
		}
	}
	if len(others) == 0 {
		return ""
	}
	return fmt.Sprintf(" (or its identical twin, message %s: which one is missing cannot be told)", strings.Join(others, ", "))
}

// neighbours names the other messages its author wrote in the chat within
// the tolerance of expectation e.
func (c *comparison) neighbours(e *multisource.Expectation) string {
	var out []string
	for j := range c.w.Messages {
		o := &c.w.Messages[j]
		if o.Index != e.Message && o.Chat == e.Chat && o.Author == e.Author && absDiff(o.Time, e.Time) <= tolerance {
			out = append(out, o.String())
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "; its author also wrote then " + strings.Join(out, "; ")
}

// showedLost names the sources that showed the earlier versions the
// archive lacks.
func (c *comparison) showedLost(e *multisource.Expectation, have []string) string {
	m := &c.w.Messages[e.Message]
	var notes []string
	for _, want := range e.Earlier {
		if slices.Contains(have, want) {
			continue
		}
		var by []string
		for _, si := range e.Sources {
			src := &c.sc.sources[si]
			k, ok := slices.BinarySearchFunc(src.Holds, e.Message, func(h multisource.Sighting, m int) int { return h.Message - m })
			if !ok {
				continue
			}
			for _, v := range src.Holds[k].Shown {
				if !m.Versions[v].Deleted && m.Versions[v].Text == want {
					by = append(by, c.sc.named(si, e.Message))
					break
				}
			}
		}
		notes = append(notes, fmt.Sprintf("%q was shown by %s", clip(want, 40), strings.Join(by, ", ")))
	}
	if len(notes) == 0 {
		return ""
	}
	return "; " + strings.Join(notes, "; ")
}

// whoseTexts says which other messages unexpected earlier versions are.
func (c *comparison) whoseTexts(e *multisource.Expectation, earlier []string) string {
	var notes []string
	mine := c.texts(e)
	for _, t := range earlier {
		if slices.Contains(mine, t) {
			continue
		}
		for j := range c.w.Messages {
			o := &c.w.Messages[j]
			if o.Index != e.Message && o.Author == e.Author && absDiff(o.Time, e.Time) <= tolerance && o.Versions[0].Text == t {
				notes = append(notes, fmt.Sprintf("%q is the text of %v", clip(t, 40), o))
			}
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

// checkLeftovers: archived messages that are none of the expected ones are
// copies of one, or in no source at all.
func (c *comparison) checkLeftovers() {
	for ci := range c.a.chats {
		ac := &c.a.chats[ci]
		for _, m := range ac.msgs {
			if m.matched {
				continue
			}
			if i := c.copyOf(m); i >= 0 {
				e := &c.exp[i]
				first := c.match[i]
				c.add(kindDuplicate, fmt.Sprint("message ", e.Message), "%v of %v: in %s (sources: %s), and again in %s (sources: %s)%s",
					&c.w.Messages[e.Message], &c.w.Chats[e.Chat], c.a.chats[first.chat].describe(), strings.Join(c.a.sources(first), ", "),
					c.a.chats[ci].describe(), strings.Join(c.a.sources(m), ", "), c.neighbours(e))
				continue
			}
			if i := c.versionOf(m); i >= 0 {
				e := &c.exp[i]
				c.add(kindOldCopy, fmt.Sprint("message ", e.Message), "%v of %v: %s holds %s apart from it (sources: %s)",
					&c.w.Messages[e.Message], &c.w.Chats[e.Chat], c.a.chats[ci].describe(), describeArchived(m), strings.Join(c.a.sources(m), ", "))
				continue
			}
			c.add(kindUnknown, fmt.Sprint(ac.Name, " ", m.Author, " ", m.Time), "%s holds %s (sources: %s)", c.a.chats[ci].describe(), describeArchived(m), strings.Join(c.a.sources(m), ", "))
		}
	}
}

// copyOf is the expected message an unmatched archived one repeats, or -1.
func (c *comparison) copyOf(m *archivedMsg) int {
	best := -1
	for i, got := range c.match {
		e := &c.exp[i]
		if got != nil && expKey(e) == m.key() && absDiff(m.Time, e.Time) <= tolerance {
			if best < 0 || absDiff(m.Time, e.Time) < absDiff(m.Time, c.exp[best].Time) {
				best = i
			}
		}
	}
	return best
}

// versionOf is the expected message an unmatched archived one shows an
// earlier version of, or -1.
func (c *comparison) versionOf(m *archivedMsg) int {
	for i := range c.exp {
		if e := &c.exp[i]; e.Author == m.Author && absDiff(m.Time, e.Time) <= tolerance && c.related(e, m) {
			return i
		}
	}
	return -1
}

func sortedKeys[V any](m map[int]V) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
