package feed_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPicturesInABrowser: headless Chromium shows a kept picture and a
// video's preview on a chat page, under the page's strict CSP and with the
// access token, and shows the reactions.
func TestPicturesInABrowser(t *testing.T) {
	driver, err := exec.LookPath("chromedriver")
	if err != nil {
		t.Skip("chromedriver is not installed (.ci/run installs chromium and chromium-driver)")
	}
	const token = "s3cret-token_0123456789abcdefABCDEF"
	_, page := mediaArchive(t, token)
	shots := os.Getenv("CHATCHANNELS_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	wd := startWebDriver(t, driver)
	wd.navigate(page + "?t=" + token)
	wd.waitFor(`return Array.from(document.querySelectorAll('img')).every(i => i.complete)`)
	got := wd.eval(`return Array.from(document.querySelectorAll('img')).map(i => i.alt + ' ' + i.naturalWidth + 'x' + i.naturalHeight).join(', ')`)
	if got != "clip.mp4 64x48, cat.png 64x48" {
		t.Errorf("pictures shown: %q, want the preview and the picture, 64x48 each", got)
	}
	if text := wd.eval(`return document.querySelector('.reactions').innerText`); !strings.Contains(text, "👍 2") || !strings.Contains(text, "❤️ 1") {
		t.Errorf("reactions read %q", text)
	}
	wd.screenshot(filepath.Join(shots, "media.png"))
	t.Logf("screenshots in %s", shots)
}
