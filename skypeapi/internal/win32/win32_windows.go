//go:build windows

// Package win32 is the Win32 plumbing shared by the Skype API client and the
// simulator's window: the registered message IDs, a hidden top-level window
// owned by one locked, pumping OS thread (spec 1.2, 1.7), and the calls
// github.com/lxn/win lacks. It is internal to skypeapi.
package win32

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
)

var (
	user32             = windows.NewLazySystemDLL("user32.dll")
	sendMessageTimeout = user32.NewProc("SendMessageTimeoutW")
	isWindowProc       = user32.NewProc("IsWindow")
)

// CloseWait is how long a window's owner waits in Close for its thread.
const CloseWait = 5 * time.Second

const (
	smtoAbortIfHung = 0x0002              // SMTO_ABORTIFHUNG
	quitMessage     = win.WM_USER + 0x5C1 // asks a window thread to destroy its window
)

// copyData is COPYDATASTRUCT; its layout matches C on 32 and 64 bits.
type copyData struct {
	DwData uintptr
	CbData uint32
	LpData unsafe.Pointer
}

// APIMessages are the two registered message IDs (spec 1.1). They differ
// between sessions, so they are registered at run time, once.
var APIMessages = sync.OnceValues(func() (struct{ Discover, Attach uint32 }, error) {
	var ids struct{ Discover, Attach uint32 }
	ids.Discover = win.RegisterWindowMessage(windows.StringToUTF16Ptr("SkypeControlAPIDiscover"))
	ids.Attach = win.RegisterWindowMessage(windows.StringToUTF16Ptr("SkypeControlAPIAttach"))
	if ids.Discover == 0 || ids.Attach == 0 {
		return ids, fmt.Errorf("win32: RegisterWindowMessage: error %d", win.GetLastError())
	}
	return ids, nil
})

// IsWindow reports whether h names an existing window.
func IsWindow(h win.HWND) bool {
	if h == 0 {
		return false
	}
	r, _, _ := isWindowProc.Call(uintptr(h))
	return r != 0
}

// Send sends msg with SendMessageTimeoutW and SMTO_ABORTIFHUNG. ok is
// false when the call failed or timed out (the target is gone or hung).
func Send(to win.HWND, msg uint32, wParam, lParam uintptr, timeout time.Duration) (result uintptr, ok bool) {
	r, _, _ := sendMessageTimeout.Call(uintptr(to), uintptr(msg), wParam, lParam,
		smtoAbortIfHung, uintptr(timeout.Milliseconds()), uintptr(unsafe.Pointer(&result)))
	return result, r != 0
}

// SendText sends one protocol text to another window with WM_COPYDATA:
// UTF-8 followed by one NUL, cbData counting the NUL, dwData 0 (spec 1.5).
// It reports whether the receiver took it (a nonzero result).
func SendText(to, from win.HWND, text string, timeout time.Duration) bool {
	buf := make([]byte, len(text)+1)
	copy(buf, text)
	cds := &copyData{CbData: uint32(len(buf)), LpData: unsafe.Pointer(&buf[0])}
	var result uintptr
	// Proc.Call keeps cds and result alive and in place for the call
	// (//go:uintptrescapes); cds keeps buf alive.
	r, _, _ := sendMessageTimeout.Call(uintptr(to), win.WM_COPYDATA, uintptr(from), uintptr(unsafe.Pointer(cds)),
		smtoAbortIfHung, uintptr(timeout.Milliseconds()), uintptr(unsafe.Pointer(&result)))
	runtime.KeepAlive(cds)
	return r != 0 && result != 0
}

// ReadText copies the text of a WM_COPYDATA's COPYDATASTRUCT; it must
// run inside the window procedure, while the sender's buffer is valid
// (spec 1.6). Trailing NULs are stripped.
func ReadText(lParam uintptr) string {
	// lParam is a pointer the system made for this call; the double
	// conversion tells vet this is deliberate.
	cds := *(**copyData)(unsafe.Pointer(&lParam))
	if cds == nil || cds.LpData == nil || cds.CbData == 0 {
		return ""
	}
	data := unsafe.Slice((*byte)(cds.LpData), cds.CbData)
	return strings.TrimRight(string(data), "\x00")
}

// Handler handles one message on a window's thread. handled false hands
// the message to DefWindowProc.
type Handler func(hwnd win.HWND, msg uint32, wParam, lParam uintptr) (result uintptr, handled bool)

// Window is a hidden top-level window (never shown, never message-only,
// so it receives broadcasts) owned by one locked OS thread that pumps its
// messages for the window's whole life.
type Window struct {
	HWND win.HWND      // the window's handle
	done chan struct{} // closed when the window is destroyed and its thread has ended
}

var (
	handlersMu sync.Mutex
	handlers   = map[win.HWND]Handler{}

	wndProcPtr = sync.OnceValue(func() uintptr { return windows.NewCallback(wndProc) })

	classesMu sync.Mutex
	classes   = map[string]bool{}
)

// wndProc is the window procedure of every window this package makes.
func wndProc(hwnd win.HWND, msg uint32, wParam, lParam uintptr) uintptr {
	handlersMu.Lock()
	h := handlers[hwnd]
	handlersMu.Unlock()
	switch msg {
	case quitMessage:
		win.DestroyWindow(hwnd)
		return 0
	case win.WM_DESTROY:
		handlersMu.Lock()
		delete(handlers, hwnd)
		handlersMu.Unlock()
		win.PostQuitMessage(0)
		return 0
	}
	if h != nil {
		if r, ok := h(hwnd, msg, wParam, lParam); ok {
			return r
		}
	}
	return win.DefWindowProc(hwnd, msg, wParam, lParam)
}

// registerClass registers a window class using wndProc, once per name.
func registerClass(name string) error {
	classesMu.Lock()
	defer classesMu.Unlock()
	if classes[name] {
		return nil
	}
	wc := win.WNDCLASSEX{
		LpfnWndProc:   wndProcPtr(),
		HInstance:     win.GetModuleHandle(nil),
		LpszClassName: windows.StringToUTF16Ptr(name),
	}
	wc.CbSize = uint32(unsafe.Sizeof(wc))
	if win.RegisterClassEx(&wc) == 0 {
		return fmt.Errorf("skypeapi: RegisterClassEx %q: error %d", name, win.GetLastError())
	}
	classes[name] = true
	return nil
}

// OpenWindow creates a hidden top-level window of the given class on a
// new locked OS thread and pumps its messages until the window is
// destroyed; h sees every message after CreateWindowEx returns.
func OpenWindow(class, title string, h Handler) (*Window, error) {
	type created struct {
		hwnd win.HWND
		err  error
	}
	ready := make(chan created, 1)
	w := &Window{done: make(chan struct{})}
	go func() {
		defer close(w.done)
		// The thread stays locked to the end: the goroutine's exit then
		// ends the thread that owned the window.
		runtime.LockOSThread()
		if err := registerClass(class); err != nil {
			ready <- created{err: err}
			return
		}
		hwnd := win.CreateWindowEx(0, windows.StringToUTF16Ptr(class), windows.StringToUTF16Ptr(title),
			win.WS_OVERLAPPED, 0, 0, 0, 0, 0, 0, win.GetModuleHandle(nil), nil)
		if hwnd == 0 {
			ready <- created{err: fmt.Errorf("skypeapi: CreateWindowEx %q: error %d (under Wine: is there an X display?)", class, win.GetLastError())}
			return
		}
		handlersMu.Lock()
		handlers[hwnd] = h
		handlersMu.Unlock()
		ready <- created{hwnd: hwnd}
		var msg win.MSG
		for {
			r := win.GetMessage(&msg, 0, 0, 0)
			if r == 0 || r == -1 {
				break
			}
			win.TranslateMessage(&msg)
			win.DispatchMessage(&msg)
		}
		if IsWindow(hwnd) {
			win.DestroyWindow(hwnd)
		}
	}()
	c := <-ready
	if c.err != nil {
		<-w.done
		return nil, c.err
	}
	w.HWND = c.hwnd
	return w, nil
}

// close destroys the window and waits, up to timeout, for its thread to
// end. It may be called any number of times, from any goroutine but the
// window's own thread.
func (w *Window) Close(timeout time.Duration) error {
	select {
	case <-w.done:
		return nil
	default:
	}
	win.PostMessage(w.HWND, quitMessage, 0, 0)
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-w.done:
		return nil
	case <-t.C:
		return errors.New("skypeapi: window thread did not end")
	}
}
