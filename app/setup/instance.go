package setup

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// instanceFile, in the data folder, tells later launches where the running
// instance serves its web view and which process it is.
const instanceFile = "instance.json"

// InstanceInfo is what the running instance records in the data folder.
type InstanceInfo struct {
	URL string `json:"url"`
	PID int    `json:"pid"`
}

// WriteInstanceInfo records the running instance in the data folder; a
// reader never sees half a file. Only the user may read it: the URL of a
// published archive carries its access token.
func WriteInstanceInfo(dataDir string, info InstanceInfo) error {
	b, err := json.Marshal(info)
	if err != nil {
		return fmt.Errorf("instance: %w", err)
	}
	path := filepath.Join(dataDir, instanceFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("instance: write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("instance: write %s: %w", path, err)
	}
	return nil
}

// RemoveInstanceInfo forgets this process as the running instance (it is
// stopping); a record another process has made since stays.
func RemoveInstanceInfo(dataDir string) {
	if info, ok := ReadInstanceInfo(dataDir); ok && info.PID == os.Getpid() {
		os.Remove(filepath.Join(dataDir, instanceFile))
	}
}

// ReadInstanceInfo reads what the running instance recorded; ok is false
// when there is nothing usable. The record may be stale (its process gone
// without removing it): ask the URL before trusting it.
func ReadInstanceInfo(dataDir string) (info InstanceInfo, ok bool) {
	b, err := os.ReadFile(filepath.Join(dataDir, instanceFile))
	if err != nil || json.Unmarshal(b, &info) != nil || info.URL == "" {
		return InstanceInfo{}, false
	}
	return info, true
}

// RunningInstanceURL is the web view of the instance already running, as
// it recorded in the data folder, else fallback.
func RunningInstanceURL(dataDir, fallback string) string {
	if info, ok := ReadInstanceInfo(dataDir); ok {
		return info.URL
	}
	return fallback
}
