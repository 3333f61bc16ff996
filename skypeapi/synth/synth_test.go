package synth_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
)

func TestDeterministic(t *testing.T) {
	cfg := synth.Config{Seed: 42, Messages: 20000}
	c1, m1 := synth.Generate(cfg)
	c2, m2 := synth.Generate(cfg)
	if !chatsEqual(c1, c2) {
		t.Fatal("same seed gave different chats")
	}
	if !slices.Equal(m1, m2) {
		t.Fatal("same seed gave different messages")
	}
	cfg.Seed = 43
	c3, m3 := synth.Generate(cfg)
	if chatsEqual(c1, c3) {
		t.Error("different seeds gave equal chats")
	}
	if slices.Equal(m1, m3) {
		t.Error("different seeds gave equal messages")
	}
	if v1, v2 := synth.New(cfg).Vocabulary(), synth.New(cfg).Vocabulary(); !slices.Equal(v1, v2) {
		t.Error("vocabulary differs between generators")
	}
}

func chatsEqual(a, b []synth.Chat) bool {
	return slices.EqualFunc(a, b, func(x, y synth.Chat) bool {
		return x.Name == y.Name && x.Topic == y.Topic && slices.Equal(x.Members, y.Members)
	})
}

func TestCountAndOrder(t *testing.T) {
	start := time.Date(2014, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, n := range []int{0, 1, 7, 12345} {
		g := synth.New(synth.Config{Seed: 1, Messages: n, Start: start})
		names := map[string]bool{}
		for _, c := range g.Chats() {
			names[c.Name] = true
		}
		var prev time.Time
		got := 0
		for {
			m, ok := g.Next()
			if !ok {
				break
			}
			got++
			if m.Time.Before(start) || m.Time.Before(prev) {
				t.Fatalf("n=%d: message %d at %v after %v (start %v)", n, got, m.Time, prev, start)
			}
			if m.Time.Location() != time.UTC || m.Time.Nanosecond() != 0 {
				t.Fatalf("time %v is not whole UTC seconds", m.Time)
			}
			if !names[m.Chat] || m.Author == "" || m.AuthorName == "" || m.Body == "" {
				t.Fatalf("incomplete message %+v", m)
			}
			prev = m.Time
		}
		if got != n {
			t.Errorf("got %d messages, want %d", got, n)
		}
		if _, ok := g.Next(); ok {
			t.Errorf("Next returned a message after the end")
		}
	}
}

func TestSmallAndLargeWorlds(t *testing.T) {
	for _, cfg := range []synth.Config{
		{Chats: 1, Users: 1, Messages: 500},
		{Chats: 2, Users: 3, Messages: 500},
		{Chats: 300, Users: 20, Messages: 5000},
		{Chats: 10, Users: 5000, Messages: 5000},
	} {
		chats, msgs := synth.Generate(cfg)
		if len(chats) != cfg.Chats || len(msgs) != cfg.Messages {
			t.Errorf("%+v: %d chats, %d messages", cfg, len(chats), len(msgs))
		}
		for _, c := range chats {
			if len(c.Members) < 2 || len(c.Members) > 30 {
				t.Errorf("%+v: chat %q has %d members", cfg, c.Name, len(c.Members))
			}
		}
	}
}

func TestWordFrequencies(t *testing.T) {
	g := synth.New(synth.Config{Seed: 5, Messages: 50000})
	vocab := g.Vocabulary()
	count := map[string]int{}
	for {
		m, ok := g.Next()
		if !ok {
			break
		}
		for _, w := range strings.Fields(m.Body) {
			count[strings.ToLower(strings.TrimRight(w, ".,?!"))]++
		}
	}
	// Plain lowercase words at a few ranks: frequency falls with rank.
	prev := -1
	plain := regexp.MustCompile(`^[a-z]+$`)
	for _, rank := range []int{0, 30, 300, 3000} {
		for !plain.MatchString(vocab[rank]) {
			rank++
		}
		n := count[vocab[rank]]
		t.Logf("rank %4d %-12q %6d", rank, vocab[rank], n)
		if prev >= 0 && n >= prev {
			t.Errorf("rank %d word %q occurs %d times, not less than %d", rank, vocab[rank], n, prev)
		}
		prev = n
	}
	used := 0
	for _, w := range vocab {
		if count[strings.ToLower(w)] > 0 {
			used++
		}
	}
	if used < len(vocab)/2 {
		t.Errorf("only %d of %d vocabulary words used", used, len(vocab))
	}
}

var (
	dialogName = regexp.MustCompile(`^#[a-z0-9._:]+/\$[a-z0-9._:]+;[0-9a-f]{16}$`)
	groupName  = regexp.MustCompile(`^#[a-z0-9._:]+/\$[0-9a-f]{16}$`)
)

func TestChats(t *testing.T) {
	g := synth.New(synth.Config{Seed: 7})
	chats := g.Chats()
	if len(chats) != 40 {
		t.Fatalf("got %d chats, want 40", len(chats))
	}
	dialogs := 0
	seen := map[string]bool{}
	for _, c := range chats {
		if seen[c.Name] {
			t.Errorf("duplicate chat name %q", c.Name)
		}
		seen[c.Name] = true
		members := map[string]bool{}
		for _, m := range c.Members {
			members[m] = true
		}
		if len(members) != len(c.Members) {
			t.Errorf("%q: duplicate members %v", c.Name, c.Members)
		}
		switch {
		case dialogName.MatchString(c.Name):
			dialogs++
			if len(c.Members) != 2 || c.Topic != "" {
				t.Errorf("dialog %q: members %v topic %q", c.Name, c.Members, c.Topic)
			}
			if c.Name != "#"+c.Members[0]+"/$"+c.Members[1]+c.Name[len(c.Name)-17:] {
				t.Errorf("dialog %q does not name its members %v", c.Name, c.Members)
			}
		case groupName.MatchString(c.Name):
			if len(c.Members) < 3 || len(c.Members) > 30 || c.Topic == "" {
				t.Errorf("group %q: %d members, topic %q", c.Name, len(c.Members), c.Topic)
			}
			if !strings.HasPrefix(c.Name, "#"+c.Members[0]+"/$") {
				t.Errorf("group %q not named after its creator %q", c.Name, c.Members[0])
			}
		default:
			t.Errorf("malformed chat name %q", c.Name)
		}
	}
	if dialogs < 8 || dialogs > 20 {
		t.Errorf("%d dialogs of 40, want roughly a third", dialogs)
	}
	if v := g.Vocabulary(); len(v) < 2000 || v[0] != "the" {
		t.Errorf("vocabulary has %d words starting with %q", len(v), v[0])
	}
}

// TestRealism checks the statistical shape of a 100k message run.
func TestRealism(t *testing.T) {
	_, msgs := synth.Generate(synth.Config{Seed: 3, Messages: 100000})
	last := map[string]synth.Message{}
	perChat := map[string]int{}
	perAuthor := map[string]map[string]int{}
	dups, sameSecond, nonASCII := 0, 0, 0
	markup := map[string]int{}
	for _, m := range msgs {
		if p, ok := last[m.Chat]; ok {
			if p == m {
				dups++
			} else if p.Author == m.Author && p.Time.Equal(m.Time) {
				sameSecond++
			}
		}
		last[m.Chat] = m
		perChat[m.Chat]++
		if perAuthor[m.Chat] == nil {
			perAuthor[m.Chat] = map[string]int{}
		}
		perAuthor[m.Chat][m.Author]++
		if strings.ContainsFunc(m.AuthorName, func(r rune) bool { return r > 127 }) {
			nonASCII++
		}
		if err := checkMarkup(m.Body); err != "" {
			t.Fatalf("%s in body %q", err, m.Body)
		}
		for _, tag := range []string{"<ss ", "<a ", "<b ", "<i ", "<at ", "<quote ", "&apos;", "&amp;", "&lt;", "\n"} {
			if strings.Contains(m.Body, tag) {
				markup[tag]++
			}
		}
	}
	if dups < 100 || dups > 400 {
		t.Errorf("%d exact duplicates in 100k messages, want about 200", dups)
	}
	if sameSecond < 1000 {
		t.Errorf("only %d same-author same-second follow-ups", sameSecond)
	}
	if nonASCII < 1000 {
		t.Errorf("only %d messages by authors with non-ASCII names", nonASCII)
	}
	for tag, n := range markup {
		t.Logf("%-8q in %5d messages", tag, n)
	}
	for _, tag := range []string{"<ss ", "<a ", "<b ", "<i ", "<at ", "<quote ", "&apos;", "&amp;", "&lt;", "\n"} {
		if markup[tag] < 100 {
			t.Errorf("%q in only %d messages", tag, markup[tag])
		}
	}
	if n := markup["<ss "] + markup["<a "] + markup["<quote "]; n > len(msgs)/3 {
		t.Errorf("markup in %d of %d messages, want a minority", n, len(msgs))
	}

	// Chat activity is skewed.
	counts := make([]int, 0, len(perChat))
	for _, n := range perChat {
		counts = append(counts, n)
	}
	slices.Sort(counts)
	top, median := counts[len(counts)-1], counts[len(counts)/2]
	if top < 5*median {
		t.Errorf("busiest chat has %d messages, median %d: not skewed", top, median)
	}

	// Authors are skewed within the busiest group chat.
	g := synth.New(synth.Config{Seed: 3})
	busiest, most := synth.Chat{}, 0
	for _, c := range g.Chats() {
		if len(c.Members) >= 5 && perChat[c.Name] > most {
			busiest, most = c, perChat[c.Name]
		}
	}
	var by []int
	for _, h := range busiest.Members {
		by = append(by, perAuthor[busiest.Name][h])
	}
	slices.Sort(by)
	if top, median := by[len(by)-1], by[len(by)/2]; top < 4*median || top < 100 {
		t.Errorf("chat %q: top author %d messages, median %d: not skewed", busiest.Name, top, median)
	}
}

var (
	knownTag = regexp.MustCompile(`^<(/?(ss|a|b|i|at|quote|legacyquote))[ >]`)
	entity   = regexp.MustCompile(`^&(amp|lt|gt|apos|quot);`)
)

// checkMarkup reports why body is not well-formed Skype markup, or "".
func checkMarkup(body string) string {
	var open []string
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '<':
			m := knownTag.FindStringSubmatch(body[i:])
			if m == nil {
				return "unknown tag"
			}
			end := strings.IndexByte(body[i:], '>')
			if strings.ContainsAny(body[i+1:i+end], "<&") && !strings.Contains(body[i+1:i+end], "&amp;") &&
				!strings.Contains(body[i+1:i+end], "&apos;") && !strings.Contains(body[i+1:i+end], "&quot;") {
				return "bad attribute"
			}
			if name, ok := strings.CutPrefix(m[1], "/"); ok {
				if len(open) == 0 || open[len(open)-1] != name {
					return "unbalanced </" + name + ">"
				}
				open = open[:len(open)-1]
			} else {
				open = append(open, m[1])
			}
			i += end
		case '>':
			return "bare >"
		case '&':
			if !entity.MatchString(body[i:]) {
				return "bare &"
			}
		}
	}
	if len(open) > 0 {
		return "unclosed <" + open[len(open)-1] + ">"
	}
	return ""
}

func BenchmarkNext(b *testing.B) {
	g := synth.New(synth.Config{Seed: 1, Messages: 1 << 62})
	b.ReportAllocs()
	bytes := 0
	for b.Loop() {
		m, _ := g.Next()
		bytes += len(m.Body)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(bytes)/float64(b.N), "bodyB/msg")
}
