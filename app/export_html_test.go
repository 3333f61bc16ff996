package app_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store/storetest"
)

// TestExportHTMLCommand: --format html writes a page per chat into the
// folder --out names (made if need be), with the filters composed as for
// the other formats; an export that fails leaves the folder as it was,
// and --out must name a folder.
func TestExportHTMLCommand(t *testing.T) {
	dir := archive(t)
	out := filepath.Join(t.TempDir(), "exported")
	_, errOut, code := runMain(t, "--data", dir, "export", "--format", "html", "--out", out)
	if code != 0 || !strings.HasSuffix(errOut, "exported 3 messages of 1 chat to "+out+string(filepath.Separator)+"\n") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if names := storetest.FolderNames(t, out, "|"); names != "Project X.html" {
		t.Errorf("the folder holds %q", names)
	}
	page, _ := os.ReadFile(filepath.Join(out, "Project X.html"))
	for _, want := range []string{"<h1>Project X</h1>", "the release is on friday", "friday works<br>for me", "Content-Security-Policy"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	_, errOut, code = runMain(t, "--data", dir, "export", "--format", "html", "--out", out, "--author", "bob", "--from", "2013-07-30", "--to", "2013-07")
	page, _ = os.ReadFile(filepath.Join(out, "Project X.html"))
	if code != 0 || !strings.Contains(string(page), "see you then") || strings.Contains(string(page), "friday works") {
		t.Errorf("filtered: exit %d %s: %s", code, errOut, page)
	}

	if _, _, code := runMain(t, "--data", dir, "export", "--format", "html", "--out", out, "--author", "mallory"); code != 1 {
		t.Errorf("an unknown author: exit %d", code)
	}
	if again, _ := os.ReadFile(filepath.Join(out, "Project X.html")); string(again) != string(page) || storetest.FolderNames(t, out, "|") != "Project X.html" {
		t.Errorf("a failed export changed the folder: %q", storetest.FolderNames(t, out, "|"))
	}
	fresh := filepath.Join(t.TempDir(), "a", "b")
	if _, _, code := runMain(t, "--data", dir, "export", "--format", "html", "--out", fresh, "--author", "mallory"); code != 1 {
		t.Errorf("an unknown author: exit %d", code)
	}
	if _, err := os.Stat(filepath.Dir(fresh)); !os.IsNotExist(err) {
		t.Errorf("a failed export left the folders it made: %v", err)
	}
	file := filepath.Join(out, "Project X.html")
	if _, errOut, code := runMain(t, "--data", dir, "export", "--format", "html", "--out", file); code != 1 || !strings.Contains(errOut, "is a file; html writes a file per chat, so name a folder") {
		t.Errorf("--out a file: exit %d, %q", code, errOut)
	}
}
