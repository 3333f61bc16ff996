package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

// smallDisk is a folder on a file system of its own that a test can
// fill, grow or break: a tmpfs, or a loop-mounted ext4 image. Both need
// root; a test skips, saying why, where it cannot mount one.
type smallDisk struct {
	dir   string
	image string // the ext4 image; "" for a tmpfs
}

// mountTmpfs mounts a tmpfs of size (say "8m"), or else an ext4 image of
// that size.
func mountTmpfs(t *testing.T, size string) *smallDisk {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a size-limited file system (tmpfs or loop ext4) needs root")
	}
	d := &smallDisk{dir: t.TempDir()}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", d.dir).CombinedOutput()
	if err != nil {
		t.Logf("no tmpfs (%v: %s); trying an ext4 image", err, strings.TrimSpace(string(out)))
		return mountExt4(t, size)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", d.dir).Run() })
	return d
}

// mountExt4 mounts a fresh ext4 image of size.
func mountExt4(t *testing.T, size string) *smallDisk {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a loop ext4 image needs root")
	}
	d := &smallDisk{dir: t.TempDir(), image: filepath.Join(t.TempDir(), "disk.img")}
	for _, c := range [][]string{{"truncate", "-s", size, d.image}, {"mkfs.ext4", "-q", d.image}, {"mount", "-o", "loop", d.image, d.dir}} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Skipf("cannot mount an ext4 image: %s: %v: %s", c[0], err, strings.TrimSpace(string(out)))
		}
	}
	t.Cleanup(func() { exec.Command("umount", "-l", d.dir).Run() })
	return d
}

// run runs a command the test needs to succeed.
func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, out)
	}
}

// grow gives a tmpfs more room.
func (d *smallDisk) grow(t *testing.T, size string) {
	t.Helper()
	if d.image != "" {
		t.Skip("an ext4 image cannot grow in place; the rest needs a tmpfs")
	}
	run(t, "mount", "-o", "remount,size="+size, d.dir)
}

// breakDown turns an ext4 file system read-only under the programs
// writing to it, as the kernel does when the disk fails (ext4's abort:
// a plain read-only remount refuses while files are open for writing).
func (d *smallDisk) breakDown(t *testing.T) {
	t.Helper()
	run(t, "mount", "-o", "remount,abort", d.dir)
}

// repair checks the broken file system and mounts it writable again.
func (d *smallDisk) repair(t *testing.T) {
	t.Helper()
	run(t, "umount", d.dir)
	exec.Command("e2fsck", "-fy", d.image).Run() // exits non-zero when it fixed something
	run(t, "mount", "-o", "loop", d.image, d.dir)
}

// diskExport writes a messages.json of n synthetic messages with the
// export command, and returns it with the dump of an archive that imported
// it undisturbed, and that archive's answers to a few queries.
func diskExport(t *testing.T, n int) (path, want, wantFound string) {
	t.Helper()
	ctx := context.Background()
	src := t.TempDir()
	s, err := store.OpenDB(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Fill(ctx, s, synth.Config{Seed: 3, Messages: n}, 5000, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	path = filepath.Join(t.TempDir(), "messages.json")
	if _, errOut, code := runMain(t, "--data", src, "export", "--format", "skype", "--out", path); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	ref := t.TempDir()
	if _, errOut, code := runMain(t, "--data", ref, "import", path); code != 0 {
		t.Fatalf("import undisturbed: %s", errOut)
	}
	want, wantFound = archiveAndSearch(t, ref)
	return path, want, wantFound
}

var diskQueries = []string{"the", "ok", `"you know"`, "and -the"}

// archiveAndSearch checks the archive in dir with SQLite's integrity
// check, lets its index catch up, and dumps it and its answers to
// diskQueries.
func archiveAndSearch(t *testing.T, dir string) (archive, found string) {
	t.Helper()
	integrityCheck(t, filepath.Join(dir, store.DBFile))
	ctx := context.Background()
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if archive, err = storetest.Dump(ctx, s, storetest.Options{}); err != nil {
		t.Fatal(err)
	}
	if found, err = storetest.SearchDump(ctx, s, diskQueries); err != nil {
		t.Fatal(err)
	}
	return archive, found
}

// integrityCheck runs SQLite's integrity check on the database file.
func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity check of %s: %q %v", path, res, err)
	}
}

// TestImportFillsTheDisk: the disk fills during an import. It fails with
// an error that says so, the archive is intact (whole, consistent,
// searchable), and once there is space again the same import completes
// it: the archive then equals one imported undisturbed, nothing twice.
func TestImportFillsTheDisk(t *testing.T) {
	const total = 12_000
	disk := mountTmpfs(t, "3m")
	export, want, wantFound := diskExport(t, total)
	dir := filepath.Join(disk.dir, "data")

	_, errOut, code := runMain(t, "--data", dir, "import", export)
	last := lastLine(errOut)
	if code == 0 {
		t.Fatalf("the import into 3 MB succeeded: %s", last)
	}
	if !strings.Contains(last, "no space") {
		t.Errorf("the disk filled; it said %q, want it to say there is no space", last)
	}
	t.Logf("disk full: %s", last)

	disk.grow(t, "1g")
	integrityCheck(t, filepath.Join(dir, store.DBFile))
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	committed := countMessages(t, s)
	s.Close()
	if committed == 0 || committed >= total {
		t.Fatalf("the archive holds %d of %d messages after the disk filled; want part of them", committed, total)
	}

	importCompletes(t, dir, export, total-committed, want, wantFound)
}

// lastLine is the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// committedRows counts the messages a database file holds, reading it
// beside the process writing it; 0 when it cannot be read yet.
func committedRows(path string) int {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0
	}
	defer db.Close()
	n := 0
	db.QueryRow(`SELECT count(*) FROM messages`).Scan(&n)
	return n
}

// TestDataFolderTurnsReadOnly: the data folder's file system turns
// read-only in the middle of an import, as a failing disk's does. The
// import fails saying so; once the file system is repaired the archive is
// intact, holding every message the import had reported, and the same
// import completes it, nothing twice. The child is stopped (SIGSTOP) as soon
// as the archive shows messages committed, so that the break lands
// mid-way whatever the machine's speed; what it wrote by then is flushed first, as the kernel
// would have a few seconds later.
func TestDataFolderTurnsReadOnly(t *testing.T) {
	const total = 12_000
	disk := mountExt4(t, "256m")
	export, want, wantFound := diskExport(t, total)
	dir := filepath.Join(disk.dir, "data")

	cmd, sc := startChild(t, "--data", dir, "import", export)
	reported := 0 // what the archive shows committed when the disk breaks
	for deadline := time.Now().Add(time.Minute); reported == 0; {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the import committed nothing in a minute")
		}
		time.Sleep(5 * time.Millisecond)
		cmd.Process.Signal(syscall.SIGSTOP)
		if reported = committedRows(filepath.Join(dir, store.DBFile)); reported == 0 {
			cmd.Process.Signal(syscall.SIGCONT)
		}
	}
	run(t, "sync", "-f", disk.dir)
	disk.breakDown(t)
	cmd.Process.Signal(syscall.SIGCONT)
	var last string
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			last = line
		}
	}
	if err := cmd.Wait(); err == nil {
		t.Fatalf("the import succeeded on a read-only folder: %s", last)
	}
	if !strings.Contains(last, "read-only") {
		t.Errorf("the folder turned read-only; it said %q, want it to say so", last)
	}
	t.Logf("read-only: %s", last)

	disk.repair(t)
	integrityCheck(t, filepath.Join(dir, store.DBFile))
	s, err := store.OpenDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	committed := countMessages(t, s)
	s.Close()
	if committed < reported || committed >= total {
		t.Fatalf("the archive holds %d of %d messages after the folder turned read-only; want part of them, at least the %d committed when it broke", committed, total, reported)
	}
	importCompletes(t, dir, export, total-committed, want, wantFound)
}

// importCompletes imports export again into dir, which holds part of it:
// the import adds exactly the rest, and the archive and its search equal
// an undisturbed import's (want, wantFound).
func importCompletes(t *testing.T, dir, export string, rest int, want, wantFound string) {
	t.Helper()
	out, errOut, code := runMain(t, "--data", dir, "import", export)
	if code != 0 {
		t.Fatalf("the import again: %s", errOut)
	}
	if wantSaid := fmt.Sprintf("%d messages added", rest); !strings.Contains(out, wantSaid) {
		t.Errorf("the import again said %q, want %q", strings.TrimSpace(out), wantSaid)
	}
	got, found := archiveAndSearch(t, dir)
	if diff := storetest.FirstDifference(got, want); diff != "" {
		t.Errorf("the archive differs from one imported undisturbed at %s", diff)
	}
	if diff := storetest.FirstDifference(found, wantFound); diff != "" {
		t.Errorf("search differs from the undisturbed archive's at %s", diff)
	}
}
