package setup

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/windows"
)

// Instance is this process's claim to be the user's one running Chat
// Channels: a named mutex held for the process's life, and a named event
// another process (uninstall, an upgrade) sets to ask it to quit.
type Instance struct {
	mutex, quit, closed windows.Handle
	quitCh              chan struct{}
	done                chan struct{}
}

// instanceNames are the names of the mutex and the quit event, per user
// (by SID) in the session's namespace.
func instanceNames() (mutex, quit string, err error) {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return "", "", fmt.Errorf("instance: who is the user: %w", err)
	}
	id := user.User.Sid.String()
	return `Local\ChatChannels-` + id, `Local\ChatChannels-quit-` + id, nil
}

// AcquireInstance claims the user's one instance. already reports that
// another process holds it (then inst is nil: show that one and exit).
func AcquireInstance() (inst *Instance, already bool, err error) {
	mutexName, quitName, err := instanceNames()
	if err != nil {
		return nil, false, err
	}
	m, err := windows.CreateMutex(nil, false, windows.StringToUTF16Ptr(mutexName))
	if errors.Is(err, windows.ERROR_ALREADY_EXISTS) {
		windows.CloseHandle(m)
		return nil, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("instance: create mutex: %w", err)
	}
	inst = &Instance{mutex: m, quitCh: make(chan struct{}), done: make(chan struct{})}
	if inst.quit, err = windows.CreateEvent(nil, 0, 0, windows.StringToUTF16Ptr(quitName)); err != nil {
		windows.CloseHandle(m)
		return nil, false, fmt.Errorf("instance: create quit event: %w", err)
	}
	if inst.closed, err = windows.CreateEvent(nil, 1, 0, nil); err != nil {
		windows.CloseHandle(inst.quit)
		windows.CloseHandle(m)
		return nil, false, fmt.Errorf("instance: create event: %w", err)
	}
	go inst.watch()
	return inst, false, nil
}

// watch closes quitCh when another process sets the quit event.
func (i *Instance) watch() {
	defer close(i.done)
	r, err := windows.WaitForMultipleObjects([]windows.Handle{i.quit, i.closed}, false, windows.INFINITE)
	if err == nil && r == windows.WAIT_OBJECT_0 {
		slog.Info("asked to quit by another process")
		close(i.quitCh)
	}
}

// QuitRequested is closed when another process asks this one to quit.
func (i *Instance) QuitRequested() <-chan struct{} { return i.quitCh }

// Release gives the claim up; the next launch becomes the instance.
func (i *Instance) Release() {
	windows.SetEvent(i.closed)
	<-i.done
	windows.CloseHandle(i.closed)
	windows.CloseHandle(i.quit)
	windows.CloseHandle(i.mutex)
}

// instanceRunning reports whether some process holds the user's instance.
func instanceRunning() (bool, error) {
	mutexName, _, err := instanceNames()
	if err != nil {
		return false, err
	}
	h, err := windows.OpenMutex(windows.SYNCHRONIZE, false, windows.StringToUTF16Ptr(mutexName))
	if err != nil {
		if errors.Is(err, windows.ERROR_FILE_NOT_FOUND) {
			return false, nil
		}
		return false, fmt.Errorf("instance: open mutex: %w", err)
	}
	windows.CloseHandle(h)
	return true, nil
}

// StopRunningInstance asks the running instance to quit and waits until it
// has; one that does not within the timeout is ended, if the data folder
// names its process and that process is a chatchannels.exe.
func StopRunningInstance(dataDir string, timeout time.Duration) (wasRunning bool, err error) {
	running, err := instanceRunning()
	if err != nil || !running {
		return false, err
	}
	_, quitName, _ := instanceNames()
	if ev, err := windows.OpenEvent(windows.EVENT_MODIFY_STATE, false, windows.StringToUTF16Ptr(quitName)); err == nil {
		windows.SetEvent(ev)
		windows.CloseHandle(ev)
	}
	if waitInstanceGone(timeout) {
		return true, nil
	}
	info, ok := ReadInstanceInfo(dataDir)
	if !ok {
		return true, errors.New("instance: the running Chat Channels did not quit; close it from its tray menu and try again")
	}
	if err := terminateChatChannels(uint32(info.PID)); err != nil {
		return true, err
	}
	if !waitInstanceGone(5 * time.Second) {
		return true, errors.New("instance: the running Chat Channels did not quit")
	}
	return true, nil
}

// waitInstanceGone polls until no process holds the instance mutex.
func waitInstanceGone(timeout time.Duration) bool {
	for deadline := time.Now().Add(timeout); ; time.Sleep(100 * time.Millisecond) {
		if running, err := instanceRunning(); err == nil && !running {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// terminateChatChannels ends process pid if it runs a chatchannels.exe.
func terminateChatChannels(pid uint32) error {
	h, err := windows.OpenProcess(windows.PROCESS_TERMINATE|windows.PROCESS_QUERY_LIMITED_INFORMATION, false, pid)
	if err != nil {
		return fmt.Errorf("instance: open process %d: %w", pid, err)
	}
	defer windows.CloseHandle(h)
	buf := make([]uint16, windows.MAX_LONG_PATH)
	n := uint32(len(buf))
	if err := windows.QueryFullProcessImageName(h, 0, &buf[0], &n); err != nil {
		return fmt.Errorf("instance: process %d: %w", pid, err)
	}
	if image := windows.UTF16ToString(buf[:n]); !strings.EqualFold(filepath.Base(image), exeName) {
		return fmt.Errorf("instance: process %d is %s, not Chat Channels", pid, image)
	}
	slog.Warn("ending the running Chat Channels, which did not quit when asked", "pid", pid)
	if err := windows.TerminateProcess(h, 1); err != nil {
		return fmt.Errorf("instance: end process %d: %w", pid, err)
	}
	return nil
}
