package app

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// The log of the long-running modes: <data>/logs/chatchannels.log, started
// afresh when it would pass logMaxSize, keeping logKeep older files
// (chatchannels.log.1 the newest of them).
const (
	logMaxSize = 5 << 20
	logKeep    = 2
)

// logDir is the folder of the logs in a data folder (the tray can open it).
func logDir(dataDir string) string { return filepath.Join(dataDir, "logs") }

// openLog makes the data folder's rotated log the default slog logger, at
// Info level, and returns what closes it.
func openLog(dataDir string) (closeLog func() error, err error) {
	w, err := openRotatingFile(filepath.Join(logDir(dataDir), "chatchannels.log"), logMaxSize, logKeep)
	if err != nil {
		return nil, err
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})))
	return w.Close, nil
}

// rotatingFile is a log file that moves aside when it grows past maxSize:
// path becomes path.1, path.1 becomes path.2, and so on up to keep files;
// the oldest is dropped. Safe for concurrent writes.
type rotatingFile struct {
	path    string
	maxSize int64
	keep    int

	mu   sync.Mutex
	file *os.File
	size int64
}

func openRotatingFile(path string, maxSize int64, keep int) (*rotatingFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("log: make folder: %w", err)
	}
	r := &rotatingFile{path: path, maxSize: maxSize, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("log: open %s: %w", r.path, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("log: %s: %w", r.path, err)
	}
	r.file, r.size = f, info.Size()
	return nil
}

// Write appends p, rotating first when p would take the file past maxSize
// (a file is never rotated empty, so one long record still gets written).
func (r *rotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.file == nil {
		return 0, os.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.maxSize {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.file.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *rotatingFile) rotate() error {
	if err := r.file.Close(); err != nil {
		return fmt.Errorf("log: close %s: %w", r.path, err)
	}
	r.file = nil
	os.Remove(r.numbered(r.keep)) // the oldest goes; absent is fine
	for i := r.keep - 1; i >= 0; i-- {
		if err := os.Rename(r.numbered(i), r.numbered(i+1)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("log: rotate: %w", err)
		}
	}
	return r.open()
}

// numbered is the file's name after i rotations (0: the current file).
func (r *rotatingFile) numbered(i int) string {
	if i == 0 {
		return r.path
	}
	return r.path + "." + strconv.Itoa(i)
}

// Close closes the current file; later writes fail.
func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.file == nil {
		return nil
	}
	err := r.file.Close()
	r.file = nil
	return err
}
