package feed_test

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// screenPages are the pages the browser test shows, checks and keeps a
// screenshot of, by name and address ({chat} is the group chat's web id,
// path-escaped). Pages that other work adds go here too.
var screenPages = []struct{ Name, Path string }{
	{"index", "/"},
	{"chats", "/chats/"},
	{"chat", "/chats/{chat}/"},
	{"day", "/chats/{chat}/?date=2013-01-28"}, // the group's busiest day
	// {"calendar", "/chats/{chat}/calendar"}, // the chat page's branch adds it
	{"search", "/search?q=%22the+plan%22&chat={chatID}&from=Bob&since=2012-06-01&until=2013-12-31&sort=newest"},
	{"stats", "/stats"},
	{"chat-stats", "/chats/{chat}/stats"},
}

// screenSizes are the windows pages are shown in: a desktop's and a phone's
// (emulated as one: touch, its viewport meta honoured).
var screenSizes = []struct {
	Name          string
	Width, Height int
	Mobile        bool
}{
	{"desktop", 1280, 800, false},
	{"phone", 390, 844, true},
}

// TestScreenshots shows every page at desktop and phone sizes, in light and
// dark mode, in headless Chromium, keeps a screenshot of each
// ($CHATCHANNELS_SCREENSHOTS/NAME-SIZE-MODE.png, else a temporary folder)
// and checks what the eye and a screen reader need: nothing wider than a
// phone, a text alternative for every image and chart, a label for every
// form control.
func TestScreenshots(t *testing.T) {
	driver := lookChromedriver(t)
	ts, s := archiveServer(t)
	shots := os.Getenv("CHATCHANNELS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	group, err := s.FindChat(t.Context(), groupChat)
	if err != nil {
		t.Fatal(err)
	}
	wd := startWebDriver(t, driver)
	for _, size := range screenSizes {
		wd.cdp("Emulation.setDeviceMetricsOverride", map[string]any{
			"width": size.Width, "height": size.Height, "deviceScaleFactor": 1, "mobile": size.Mobile})
		for _, mode := range []string{"light", "dark"} {
			wd.cdp("Emulation.setEmulatedMedia", map[string]any{"features": []map[string]string{{"name": "prefers-color-scheme", "value": mode}}})
			for _, p := range screenPages {
				path := strings.NewReplacer("{chat}", url.PathEscape(group.WebID), "{chatID}", url.QueryEscape(group.WebID)).Replace(p.Path)
				name := fmt.Sprintf("%s-%s-%s", p.Name, size.Name, mode)
				if code, _, _ := get(t, ts.URL+path); code != 200 {
					t.Errorf("%s: %s answers %d", name, path, code)
					continue
				}
				wd.navigate(ts.URL + path)
				if got := wd.eval(`return matchMedia('(prefers-color-scheme: dark)').matches`); got != fmt.Sprint(mode == "dark") {
					t.Fatalf("%s: the browser is not in %s mode", name, mode)
				}
				checkPage(t, wd, name, size.Width)
				wd.fullScreenshot(filepath.Join(shots, name+".png"))
			}
		}
	}
	t.Logf("screenshots in %s", shots)
}

// checkPage checks the page the browser shows.
func checkPage(t *testing.T, wd *webDriver, name string, width int) {
	t.Helper()
	if got := wd.eval(`return window.innerWidth`); got != fmt.Sprint(width) {
		t.Errorf("%s: the window is %s px wide, want %d", name, got, width)
	}
	// Nothing reaches past the window's right edge: no sideways scrolling.
	if wide := wd.eval(`const w = document.documentElement.clientWidth;
		if (document.documentElement.scrollWidth <= w) return '';
		return [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > w + 0.5)
			.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' +
			Math.round(el.getBoundingClientRect().right) + 'px').join(', ')`); wide != "" {
		t.Errorf("%s: wider than the window (%s px): %s", name, wd.eval(`return document.documentElement.scrollWidth`), wide)
	}
	// Every image and chart says what it shows.
	if bare := wd.eval(`const named = el => {
			if (el.getAttribute('aria-hidden') === 'true') return true;
			if (el.tagName.toLowerCase() === 'img') return (el.getAttribute('alt') || '').trim() !== '';
			if (el.getAttribute('role') !== 'img') return false;
			if ((el.getAttribute('aria-label') || '').trim()) return true;
			const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
			return ids.length > 0 && ids.every(id => document.getElementById(id)) &&
				ids.map(id => document.getElementById(id).textContent).join('').trim() !== '';
		};
		return [...document.querySelectorAll('img, svg')].filter(el => !el.parentElement.closest('svg') && !named(el))
			.map(el => el.outerHTML.slice(0, 120)).join(' | ')`); bare != "" {
		t.Errorf("%s: images or charts without a text alternative: %s", name, bare)
	}
	// Every form control has a label.
	if unlabelled := wd.eval(`const labelled = el => {
			if ((el.getAttribute('aria-label') || '').trim()) return true;
			const by = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
			if (by.length && by.map(id => (document.getElementById(id) || {}).textContent || '').join('').trim()) return true;
			if (el.tagName.toLowerCase() === 'button') return el.textContent.trim() !== '';
			return [...(el.labels || [])].some(l => l.textContent.trim() !== '');
		};
		return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')].filter(el => !labelled(el))
			.map(el => el.outerHTML.slice(0, 120)).join(' | ')`); unlabelled != "" {
		t.Errorf("%s: form controls without a label: %s", name, unlabelled)
	}
}

// cdp runs a Chrome DevTools command through chromedriver.
func (wd *webDriver) cdp(cmd string, params map[string]any) map[string]any {
	var out struct {
		Value map[string]any `json:"value"`
	}
	if params == nil {
		params = map[string]any{}
	}
	post(wd.t, wd.base+"/goog/cdp/execute", map[string]any{"cmd": cmd, "params": params}, &out)
	return out.Value
}

// maxShotHeight bounds a screenshot's height, in CSS pixels.
const maxShotHeight = 6000

// fullScreenshot saves the whole page, not only what the window shows.
func (wd *webDriver) fullScreenshot(path string) {
	metrics := wd.cdp("Page.getLayoutMetrics", nil)
	size, _ := metrics["cssContentSize"].(map[string]any)
	w, _ := size["width"].(float64)
	h, _ := size["height"].(float64)
	shot := wd.cdp("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": w, "height": min(h, maxShotHeight), "scale": 1}})
	data, _ := shot["data"].(string)
	png, err := base64.StdEncoding.DecodeString(data)
	if err != nil || len(png) == 0 {
		wd.t.Fatalf("screenshot %s: %v", path, err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		wd.t.Fatal(err)
	}
}

// lookChromedriver finds Debian's chromedriver, or skips the test.
func lookChromedriver(t *testing.T) string {
	t.Helper()
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Skip("chromedriver is not installed (.ci/run installs chromium and chromium-driver)")
	}
	return driver
}
