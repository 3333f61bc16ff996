package store_test

import (
	"errors"
	"fmt"
	"syscall"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// TestDiskProblem names the disk's part in the errors writing an archive
// meets, as the system and SQLite word them; a plain I/O error in a
// writable folder is not the disk's fault. (The tests in app fill and
// break real file systems.)
func TestDiskProblem(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("store: index: write segment: %w", syscall.ENOSPC), store.ProblemNoSpace},
		{errors.New("record chat x: database or disk is full (13)"), store.ProblemNoSpace},
		{fmt.Errorf("open x: %w", syscall.EROFS), store.ProblemReadOnly},
		{errors.New("attempt to write a readonly database (8)"), store.ProblemReadOnly},
		{errors.New("record chat x: disk I/O error (778)"), ""}, // dir is writable
		{errors.New("at byte 60: unexpected EOF"), ""},
		{nil, ""},
	} {
		if got := store.DiskProblem(dir, c.err); got != c.want {
			t.Errorf("%v: %q, want %q", c.err, got, c.want)
		}
	}
}
