package store

import (
	"errors"
	"os"
	"strings"
	"syscall"
)

// Disk problems that DiskProblem names.
const (
	ProblemNoSpace  = "no space left on the disk"
	ProblemReadOnly = "the data folder is read-only"
)

// DiskProblem names the disk's part in err, an error writing the archive
// in dir: ProblemNoSpace, ProblemReadOnly, or "" when the disk is not to
// blame. SQLite reports a file system gone read-only as a plain I/O
// error, so on one it tries writing a file in dir to tell.
func DiskProblem(dir string, err error) string {
	switch {
	case err == nil:
		return ""
	case noSpace(err):
		return ProblemNoSpace
	case readOnly(err):
		return ProblemReadOnly
	case !strings.Contains(err.Error(), "disk I/O error"):
		return ""
	}
	f, probe := os.CreateTemp(dir, ".write-probe-*")
	if probe == nil {
		f.Close()
		os.Remove(f.Name())
		return ""
	}
	switch {
	case noSpace(probe):
		return ProblemNoSpace
	case readOnly(probe), errors.Is(probe, os.ErrPermission):
		return ProblemReadOnly
	}
	return ""
}

// noSpace reports whether err says the disk is full: SQLite's SQLITE_FULL,
// or the system's ENOSPC.
func noSpace(err error) bool {
	msg := err.Error()
	return errors.Is(err, syscall.ENOSPC) || strings.Contains(msg, "database or disk is full") || strings.Contains(msg, "no space left on device")
}

// readOnly reports whether err says the file system or file is read-only.
func readOnly(err error) bool {
	msg := err.Error()
	return errors.Is(err, syscall.EROFS) || strings.Contains(msg, "readonly database") || strings.Contains(msg, "read-only file system")
}
