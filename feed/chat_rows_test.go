package feed_test

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// rowTokens reads a chat page's list as tokens: "day:ID" (and the
// separator's label), "new", "H:author" for a message under a header, "C"
// for one continuing a run, "E:author" for an event.
func rowTokens(body string) (tokens, labels []string) {
	day := regexp.MustCompile(`^class="day" id="([^"]+)"><h2>([^<]*)</h2>`)
	row := regexp.MustCompile(`^id="m-[^"]+" class="(message|message continued|event)">`)
	who := regexp.MustCompile(`class="(?:author|who)" dir="auto" title="([^"]*)"`)
	for _, li := range strings.Split(body, "<li ")[1:] {
		if m := day.FindStringSubmatch(li); m != nil {
			tokens, labels = append(tokens, "day:"+m[1]), append(labels, m[2])
			continue
		}
		if strings.HasPrefix(li, `class="new"`) {
			tokens = append(tokens, "new")
			continue
		}
		m := row.FindStringSubmatch(li)
		if m == nil {
			continue
		}
		author := ""
		if w := who.FindStringSubmatch(li); w != nil {
			author = w[1]
		}
		switch m[1] {
		case "message":
			tokens = append(tokens, "H:"+author)
		case "event":
			tokens = append(tokens, "E:"+author)
		default:
			tokens = append(tokens, "C")
		}
	}
	return tokens, labels
}

// A chat page reads like a chat: a separator where a local day begins, a
// header with a badge over each run of one author's messages (a pause,
// an event or a new day starts another), events as lines of their own,
// and messages of impossible times apart under "Time unknown".
func TestChatPageDaysRunsAndEvents(t *testing.T) {
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	const name = "#alice/$bob;0000000000000001"
	day := time.Date(2013, 7, 30, 0, 0, 0, 0, time.Local)
	at := func(h, m, sec int) time.Time {
		return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second)
	}
	msgs := []struct {
		author, typ string
		when        time.Time
		suspect     bool
	}{
		{"bob", "SAID", at(22, 0, 0), false},
		{"bob", "SAID", at(22, 1, 0), false},
		{"bob", "SAID", at(22, 1, 0), false}, // the same second
		{"alice", "SAID", at(22, 2, 0), false},
		{"carol", "LEFT", at(22, 3, 0), false},
		{"alice", "SAID", at(22, 4, 0), false},
		{"alice", "SAID", at(22, 20, 0), false}, // after a pause
		{"alice", "SAID", at(23, 59, 30), false},
		{"alice", "SAID", at(24, 0, 30), false}, // the next day
		{"alice", "EMOTED", at(24, 1, 0), false},
		{"bob", "SMS", time.Date(2404, 3, 1, 0, 0, 0, 0, time.UTC), true},
	}
	var batch []store.Incoming
	for i, m := range msgs {
		batch = append(batch, store.Incoming{Chat: name, Source: "test", Ref: fmt.Sprint(i), Author: m.author,
			AuthorName: map[string]string{"bob": "Bob Brown", "alice": "Alice", "carol": "Carol"}[m.author],
			Time:       m.when, TimeSuspect: m.suspect, Type: m.typ, Body: fmt.Sprintf("text %d", i)})
		if m.typ == "LEFT" {
			batch[i].Body = "" // as Skype reports a member leaving
		}
	}
	if _, err := s.Ingest(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	c, _ := s.FindChat(t.Context(), name)
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)
	_, body, _ := get(t, ts.URL+chatURL(c.WebID))

	tokens, labels := rowTokens(body)
	first, next := day.Format(time.DateOnly), day.AddDate(0, 0, 1).Format(time.DateOnly)
	want := []string{"day:d-" + first, "new", "H:bob", "C", "C", "H:alice", "E:carol", "H:alice", "H:alice", "H:alice",
		"day:d-" + next, "H:alice", "C", "day:d-unknown", "E:bob"}
	if strings.Join(tokens, " ") != strings.Join(want, " ") {
		t.Errorf("the page reads\n%s\nwant\n%s", strings.Join(tokens, " "), strings.Join(want, " "))
	}
	wantLabels := []string{day.Format("Monday, 2 January 2006"), day.AddDate(0, 0, 1).Format("Monday, 2 January 2006"), "Time unknown"}
	if strings.Join(labels, "|") != strings.Join(wantLabels, "|") || wantLabels[0] != "Tuesday, 30 July 2013" {
		t.Errorf("day separators %q, want %q", labels, wantLabels)
	}
	// Each line shows its local time alone; the full date and UTC on hover.
	for _, m := range msgs[:10] {
		line := fmt.Sprintf(`<time datetime="%s" title="%s">%s</time>`, m.when.UTC().Format(time.RFC3339), m.when.UTC().Format("2006-01-02 15:04:05 UTC"), m.when.Format("15:04"))
		if !strings.Contains(body, line) {
			t.Errorf("no line %s", line)
		}
	}
	// The impossible time is shown as given, and flagged.
	if strings.Count(body, `class="suspect"`) != 1 || strings.Count(body, "2404-03-01") < 1 {
		t.Error("the SMS of 2404 is not shown flagged with its date")
	}
	// Badges: initials, the colour the handle gives, alike in every run.
	badges := regexp.MustCompile(`<span class="badge (c\d+)" aria-hidden="true">([^<]*)</span>\s*<p class="head"><span class="author" dir="auto" title="([^"]+)">`).FindAllStringSubmatch(body, -1)
	colours := map[string]string{}
	for _, b := range badges {
		if want := map[string]string{"bob": "BB", "alice": "A"}[b[3]]; b[2] != want {
			t.Errorf("%s's badge reads %q, want %q", b[3], b[2], want)
		}
		if have, ok := colours[b[3]]; ok && have != b[1] {
			t.Errorf("%s's badges differ in colour: %s, %s", b[3], have, b[1])
		}
		colours[b[3]] = b[1]
	}
	if len(badges) != 6 {
		t.Errorf("%d badges, want one per header (6)", len(badges))
	}
	// Events are muted lines naming who, saying what happened.
	if !regexp.MustCompile(`<li id="m-[^"]+" class="event">(?:.|\n)*?<span class="who" dir="auto" title="carol">Carol</span> · <i>Left the chat</i></p></li>`).MatchString(body) {
		t.Errorf("the member leaving is not a line of its own:\n%s", regexp.MustCompile(`<li id="m-[^"]+" class="event">(?:.|\n)*?</li>`).FindString(body))
	}
}
