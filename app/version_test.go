package app_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/chatchannels/chatchannels/app"
)

// The exe's version resource and the program's own version agree, so the
// system's app list, the uninstall entry and /api/status say the same.
func TestVersionMatchesWindowsResources(t *testing.T) {
	b, err := os.ReadFile("../winres/winres.json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Version map[string]map[string]struct {
			Info map[string]struct {
				FileVersion    string
				ProductVersion string
			} `json:"info"`
		} `json:"RT_VERSION"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("winres.json: %v", err)
	}
	n := 0
	for _, langs := range res.Version {
		for _, l := range langs {
			for lang, info := range l.Info {
				n++
				if info.FileVersion != app.Version || info.ProductVersion != app.Version {
					t.Errorf("winres.json %s: FileVersion %q, ProductVersion %q; app.Version is %q", lang, info.FileVersion, info.ProductVersion, app.Version)
				}
			}
		}
	}
	if n == 0 {
		t.Error("winres.json has no version information")
	}
}
