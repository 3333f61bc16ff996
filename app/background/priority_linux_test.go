package background

import (
	"os"
	"runtime"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// TestLowerPriorityEveryThread lowers the test process's priority and
// finds every thread at Nice, the ones there were and the ones made after.
func TestLowerPriorityEveryThread(t *testing.T) {
	if err := LowerPriority(); err != nil {
		t.Fatal(err)
	}
	// Threads made after: goroutines locked to threads of their own.
	release := make(chan struct{})
	started := make(chan struct{})
	for range 4 {
		go func() {
			runtime.LockOSThread()
			started <- struct{}{}
			<-release
		}()
	}
	for range 4 {
		<-started
	}
	defer close(release)

	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) < 5 {
		t.Fatalf("only %d threads to look at", len(tasks))
	}
	for _, task := range tasks {
		tid, _ := strconv.Atoi(task.Name())
		prio, err := unix.Getpriority(unix.PRIO_PROCESS, tid)
		if err != nil {
			t.Fatal(err)
		}
		if nice := 20 - prio; nice != Nice {
			t.Errorf("thread %d has niceness %d, want %d", tid, nice, Nice)
		}
	}
	// Again: nothing changes, and nothing fails.
	if err := LowerPriority(); err != nil {
		t.Fatal(err)
	}
}
