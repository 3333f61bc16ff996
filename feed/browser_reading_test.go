package feed_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedEntryLinksInABrowser follows feed entries' links in headless
// Chromium, as a reader's "open in browser" does, and checks that the
// browser shows each message on screen, scrolled to, clear of the sticky
// day separator; then it opens the calendar and a day from it.
func TestFeedEntryLinksInABrowser(t *testing.T) {
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Skip("chromedriver is not installed (.ci/run installs chromium and chromium-driver)")
	}
	ts, _, c, all := busyServer(t, 2500)
	shots := os.Getenv("CHATCHANNELS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	_, body, _ := get(t, ts.URL+"/search.atom?q=milestone")
	f := parseFeed(t, body)
	if len(f.Items) != 50 {
		t.Fatalf("the search feed has %d entries", len(f.Items))
	}
	wd := startWebDriver(t, driver)
	for _, i := range []int{0, 25, 49} { // the newest, one in the middle, the oldest
		it := f.Items[i]
		key := it.GUID[strings.LastIndex(it.GUID, "/msg/")+len("/msg/"):]
		var text string
		for _, m := range all {
			if m.Key == key {
				text = m.Text
			}
		}
		wd.navigate(it.Link)
		wd.waitFor(`return document.readyState === 'complete' && location.hash.startsWith('#m-')`)
		got := wd.eval(`const el = document.getElementById(location.hash.slice(1));
			if (!el) return 'no element ' + location.hash;
			const r = el.getBoundingClientRect();
			const day = Array.from(document.querySelectorAll('li.day')).map(d => d.getBoundingClientRect()).filter(d => d.top <= 0.5 && d.bottom > 0);
			const covered = day.some(d => d.bottom > r.top + 1);
			return (r.top >= 0 && r.bottom <= window.innerHeight) + ' ' + !covered + ' ' + el.querySelector('.body').textContent.trim()`)
		if got != "true true "+text {
			t.Errorf("entry %d (%s): the browser shows %q, want the message %q on screen, clear of the day separator", i, it.Link, got, text)
		}
		if i == 25 {
			wd.screenshot(filepath.Join(shots, "chat-entry.png"))
		}
	}
	wd.navigate(ts.URL + chatURL(c.WebID) + "calendar")
	if got := wd.eval(`return document.querySelectorAll('ol.days a').length`); got == "0" || got == "" {
		t.Fatalf("the calendar links %s days", got)
	}
	wd.screenshot(filepath.Join(shots, "calendar.png"))
	wd.eval(`document.querySelectorAll('ol.days a')[1].click()`)
	wd.waitFor(`return location.search.startsWith('?date=') && location.hash.startsWith('#d-')`)
	got := wd.eval(`const el = document.getElementById(location.hash.slice(1));
		const r = el.getBoundingClientRect();
		return (r.top >= 0 && r.top < window.innerHeight) + ' ' + el.textContent`)
	if !strings.HasPrefix(got, "true ") {
		t.Errorf("the calendar's day opens with its separator %q", got)
	}
	wd.screenshot(filepath.Join(shots, "chat-day.png"))

	// On a phone nothing is wider than the screen.
	wd.resize(390, 844)
	for _, page := range []string{chatURL(c.WebID), chatURL(c.WebID) + "calendar", f.Items[25].Link[len(ts.URL):]} {
		wd.navigate(ts.URL + page)
		if got := wd.eval(`return document.documentElement.scrollWidth <= window.innerWidth`); got != "true" {
			t.Errorf("%s overflows a phone's width: %s", page, wd.eval(`return document.documentElement.scrollWidth + ' > ' + window.innerWidth`))
		}
	}
	wd.screenshot(filepath.Join(shots, "chat-entry-phone.png"))
}

// resize sets the browser window's size.
func (wd *webDriver) resize(width, height int) {
	post(wd.t, wd.base+"/window/rect", map[string]int{"width": width, "height": height}, nil)
}
