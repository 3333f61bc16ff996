package feed_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestInABrowser loads the index, a chat page and a search in headless
// Chromium (driven over WebDriver by Debian's chromedriver), checks what a
// person sees, follows a search hit and checks the browser scrolled to the
// message, and saves screenshots under the test's output folder
// ($CHATCHANNELS_SCREENSHOTS, else a temporary folder).
func TestInABrowser(t *testing.T) {
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Skip("chromedriver is not installed (.ci/run installs chromium and chromium-driver)")
	}
	ts, _ := pagesServer(t, 450)
	shots := os.Getenv("CHATCHANNELS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	wd := startWebDriver(t, driver)

	wd.navigate(ts.URL + "/")
	if text := wd.eval(`return document.body.innerText`); !strings.Contains(text, "Project <X>") || !strings.Contains(text, "451 messages") {
		t.Errorf("the index shows %q", text)
	}
	wd.screenshot(filepath.Join(shots, "index.png"))

	wd.eval(`document.querySelector('a.title').click()`)
	wd.waitFor(`return location.pathname.startsWith('/chats/')`)
	if got := wd.eval(`return document.querySelectorAll('li[id^="m-"]').length`); got != "200" {
		t.Errorf("the newest page shows %s messages, want the 200 newest", got)
	}
	if text := wd.eval(`return document.body.innerText`); !strings.Contains(text, "<script>alert(1)</script> needle") {
		t.Errorf("the hostile message is not shown as text: %q", text[:min(len(text), 500)])
	}
	wd.screenshot(filepath.Join(shots, "chat.png"))

	wd.navigate(ts.URL + "/search?q=" + url.QueryEscape(`"number 42"`))
	if got := wd.eval(`return document.querySelectorAll('ol.hits li').length`); got != "1" {
		t.Fatalf("search shows %s hits, want 1", got)
	}
	if got := wd.eval(`return Array.from(document.querySelectorAll('mark')).map(m => m.textContent).join(' ')`); got != "number 42" {
		t.Errorf("highlights %q", got)
	}
	wd.screenshot(filepath.Join(shots, "search.png"))
	wd.eval(`document.querySelector('ol.hits a').click()`)
	wd.waitFor(`return location.hash.startsWith('#m-')`)
	// The hit's message is the target, on screen, and reads as expected.
	got := wd.eval(`const el = document.getElementById(location.hash.slice(1));
		const r = el.getBoundingClientRect();
		return (r.top >= 0 && r.bottom <= window.innerHeight) + ' ' + (window.scrollY > 0) + ' ' + el.querySelector('.body').textContent.trim()`)
	if got != "true true message number 42" {
		t.Errorf("after following the hit: %q, want the message on screen after scrolling", got)
	}
	wd.screenshot(filepath.Join(shots, "hit.png"))
	t.Logf("screenshots in %s", shots)
}

// webDriver is the little of the W3C WebDriver protocol the test needs.
type webDriver struct {
	t       *testing.T
	base    string // http://127.0.0.1:PORT/session/ID
	timeout time.Duration
}

func startWebDriver(t *testing.T, driver string) *webDriver {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(driver, fmt.Sprintf("--port=%d", port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	root := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(15 * time.Second)
	for {
		if res, err := http.Get(root + "/status"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("chromedriver did not start")
		}
		time.Sleep(100 * time.Millisecond)
	}
	chrome := "/usr/bin/chromium"
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"goog:chromeOptions": map[string]any{
			"binary": chrome,
			"args": []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
				"--window-size=1000,700", "--user-data-dir=" + t.TempDir()},
		},
	}}}
	var created struct {
		Value struct {
			SessionID string `json:"sessionId"`
		} `json:"value"`
	}
	post(t, root+"/session", caps, &created)
	wd := &webDriver{t: t, base: root + "/session/" + created.Value.SessionID, timeout: 10 * time.Second}
	t.Cleanup(func() {
		req, _ := http.NewRequest("DELETE", wd.base, nil)
		if res, err := http.DefaultClient.Do(req); err == nil {
			res.Body.Close()
		}
	})
	return wd
}

func post(t *testing.T, u string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(u, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("webdriver %s: %d %s", u, res.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("webdriver %s: %v", u, err)
		}
	}
}

func (wd *webDriver) navigate(u string) { post(wd.t, wd.base+"/url", map[string]string{"url": u}, nil) }

// eval runs a script in the page and returns its result as text.
func (wd *webDriver) eval(script string) string {
	var out struct {
		Value any `json:"value"`
	}
	post(wd.t, wd.base+"/execute/sync", map[string]any{"script": script, "args": []any{}}, &out)
	if out.Value == nil {
		return ""
	}
	return fmt.Sprint(out.Value)
}

func (wd *webDriver) waitFor(script string) {
	deadline := time.Now().Add(wd.timeout)
	for wd.eval(script) != "true" {
		if time.Now().After(deadline) {
			wd.t.Fatalf("timed out waiting for %s", script)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (wd *webDriver) screenshot(path string) {
	res, err := http.Get(wd.base + "/screenshot")
	if err != nil {
		wd.t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Value string `json:"value"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		wd.t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(out.Value)
	if err != nil {
		wd.t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		wd.t.Fatal(err)
	}
}
