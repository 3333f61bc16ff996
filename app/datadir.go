package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/chatchannels/chatchannels/store"
)

// resolveDataDir picks the data folder: the flag, else $CHATCHANNELS_DATA,
// else the per-user data folder of the platform.
func resolveDataDir(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv("CHATCHANNELS_DATA")
	}
	if dir == "" {
		var err error
		if dir, err = defaultDataDir(); err != nil {
			return "", err
		}
	}
	return absDir(dir)
}

// dataDirChosen reports whether the user named a data folder.
func dataDirChosen(flagValue string) bool {
	return flagValue != "" || os.Getenv("CHATCHANNELS_DATA") != ""
}

func absDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data folder %s: %w", dir, err)
	}
	return abs, nil
}

// defaultDataDir is %LOCALAPPDATA%\ChatChannels on Windows and the XDG data
// folder elsewhere.
func defaultDataDir() (string, error) {
	if runtime.GOOS == "windows" {
		if local := os.Getenv("LOCALAPPDATA"); local != "" {
			return filepath.Join(local, "ChatChannels"), nil
		}
		return "", errors.New("%LOCALAPPDATA% is not set; pass --data DIR")
	}
	if xdg := os.Getenv("XDG_DATA_HOME"); xdg != "" {
		return filepath.Join(xdg, "chatchannels"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home folder to keep the archive in (%w); pass --data DIR", err)
	}
	return filepath.Join(home, ".local", "share", "chatchannels"), nil
}

func defaultDataDirHint() string {
	if runtime.GOOS == "windows" {
		return `%LOCALAPPDATA%\ChatChannels`
	}
	return "$XDG_DATA_HOME/chatchannels"
}

// openArchive opens the archive, without its search index, for a command
// that reads it: a data folder without one is an error (a typo in --data
// must not leave an empty archive behind).
func openArchive(e *env) (*store.Store, error) {
	if err := archiveExists(e.dataDir); err != nil {
		return nil, err
	}
	return store.OpenDB(e.dataDir)
}

// archiveExists reports, as an error, a data folder that holds no archive.
func archiveExists(dir string) error {
	_, err := os.Stat(filepath.Join(dir, store.DBFile))
	if err == nil {
		return nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("data folder %s: %w", dir, err)
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no data folder %s (name another with --data, or import or serve to start one)", dir)
	}
	return fmt.Errorf("there is no archive in %s yet (import a Skype export or serve to start one)", dir)
}
