package feed_test

import (
	"encoding/xml"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestStatsPages(t *testing.T) {
	ts, s := archiveServer(t)
	ctx := t.Context()
	group, err := s.FindChat(ctx, groupChat)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats(ctx, group.ID, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	chatPath := "/chats/" + url.PathEscape(group.WebID) + "/"
	for _, path := range []string{"/stats", chatPath + "stats"} {
		code, body, _ := get(t, ts.URL+path)
		if code != 200 {
			t.Fatalf("%s: %d\n%s", path, code, body)
		}
		checkCharts(t, path, body)
		if strings.Contains(body, "2400") || strings.Contains(body, "impossible time") {
			t.Errorf("%s shows the message from an impossible time", path)
		}
		for _, want := range []string{"Messages per month", "Who writes", "Busiest days", "Longest silences", "Bob Müller",
			"Dave &lt;Dee&gt;", "First message", "Last message"} {
			if path != "/stats" && want == "Dave &lt;Dee&gt;" {
				continue // not in the group
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
	}
	_, body, _ := get(t, ts.URL+chatPath+"stats")
	// The chat's counts, in words, and its busiest day linking to that day.
	if want := plural(st.Messages, "message", "messages"); !strings.Contains(body, want) {
		t.Errorf("the chat's statistics do not say %q", want)
	}
	busiest := st.BusiestDays[0]
	if busiest.Messages < 60 || !strings.Contains(body, `href="`+chatPath+`?date=`+busiest.Day.Format(time.DateOnly)+`"`) {
		t.Errorf("the busiest day (%v, %d) does not link to its day", busiest.Day, busiest.Messages)
	}
	// The archive's busiest days name the chat they were busiest in.
	_, body, _ = get(t, ts.URL+"/stats")
	if !strings.Contains(body, ": 6") || !strings.Contains(body, "mostly in <bdi>Project &lt;X&gt;</bdi>") {
		t.Errorf("the archive's busiest days do not say where")
	}
	if code, body, _ := get(t, ts.URL+"/chats/nosuchchat/stats"); code != 404 || !strings.Contains(body, `<link rel="stylesheet"`) {
		t.Errorf("an unknown chat's statistics: %d, want the styled 404", code)
	}
}

// checkCharts checks a page's charts: each SVG well formed, an image with a
// title and a description, drawn without style attributes (the CSP forbids
// them) or scripts.
func checkCharts(t *testing.T, path, body string) {
	t.Helper()
	svgs := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(body, -1)
	if len(svgs) == 0 {
		t.Errorf("%s has no charts", path)
	}
	charts := 0
	for _, svg := range svgs {
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Errorf("%s: a chart is not well-formed XML (%v): %.200s", path, err, svg)
		}
		if !strings.Contains(svg, `role="img"`) {
			t.Errorf("%s: a chart is not an image: %.200s", path, svg)
		}
		if strings.Contains(svg, `class="chart`) {
			charts++
			if !regexp.MustCompile(`<title id="[^"]+">[^<]+</title><desc id="[^"]+">[^<]+</desc>`).MatchString(svg) {
				t.Errorf("%s: a chart lacks its title or description: %.300s", path, svg)
			}
		} else if !regexp.MustCompile(`aria-label="[^"]+"`).MatchString(svg) {
			t.Errorf("%s: a small chart lacks its label: %.200s", path, svg)
		}
	}
	if strings.HasPrefix(path, "/stats") || strings.HasSuffix(path, "/stats") {
		if charts < 2 {
			t.Errorf("%s draws %d charts, want months and the week", path, charts)
		}
	}
	if strings.Contains(body, " style=") || strings.Contains(body, "<script") {
		t.Errorf("%s has a style attribute or a script, which the CSP forbids", path)
	}
}

// plural is how pages say counts: "1 match", "1,234 messages".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	digits := strconv.Itoa(n)
	var b strings.Builder
	for i, d := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String() + " " + many
}
