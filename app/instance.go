package app

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// instanceFile, in the data folder, tells later launches where the running
// instance serves its web view and which process it is.
const instanceFile = "instance.json"

// instanceInfo is what instanceFile holds.
type instanceInfo struct {
	URL string `json:"url"`
	PID int    `json:"pid"`
}

// writeInstanceInfo records the running instance in the data folder; a
// reader never sees half a file.
func writeInstanceInfo(dataDir string, info instanceInfo) error {
	b, err := json.Marshal(info)
	if err != nil {
		return fmt.Errorf("instance: %w", err)
	}
	path := filepath.Join(dataDir, instanceFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("instance: write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("instance: write %s: %w", path, err)
	}
	return nil
}

// removeInstanceInfo forgets the running instance (it is stopping).
func removeInstanceInfo(dataDir string) {
	os.Remove(filepath.Join(dataDir, instanceFile))
}

// readInstanceInfo reads what the running instance recorded; ok is false
// when there is nothing usable.
func readInstanceInfo(dataDir string) (info instanceInfo, ok bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, instanceFile))
	if err != nil || json.Unmarshal(b, &info) != nil || info.URL == "" {
		return instanceInfo{}, false
	}
	return info, true
}

// runningInstanceURL is the web view of the instance already running: what
// it recorded in the data folder, else the default address.
func runningInstanceURL(dataDir string) string {
	if info, ok := readInstanceInfo(dataDir); ok {
		return info.URL
	}
	return "http://" + defaultAddr + "/"
}

// showRunningInstance is what a second launch does instead of starting:
// it opens the running instance's web view.
func showRunningInstance(dataDir string) error {
	return openBrowser(runningInstanceURL(dataDir))
}
