package tray

import (
	"errors"
	"fmt"
	"runtime"
	"time"
	"unsafe"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
)

// copyText puts text on the clipboard as Unicode text, for pasting into a
// feed reader. The clipboard needs an owner window; a message-only one is
// made for the moment it takes.
func copyText(text string) error {
	units, err := windows.UTF16FromString(text)
	if err != nil {
		return fmt.Errorf("clipboard: %w", err)
	}
	runtime.LockOSThread() // a window belongs to the thread that made it
	defer runtime.UnlockOSThread()
	owner := win.CreateWindowEx(0, windows.StringToUTF16Ptr("STATIC"), nil, 0, 0, 0, 0, 0, win.HWND_MESSAGE, 0, 0, nil)
	if owner == 0 {
		return errors.New("clipboard: cannot make its owner window")
	}
	defer win.DestroyWindow(owner)
	if err := openClipboard(owner); err != nil {
		return err
	}
	defer win.CloseClipboard()
	if !win.EmptyClipboard() {
		return errors.New("clipboard: cannot empty it")
	}
	mem := win.GlobalAlloc(win.GMEM_MOVEABLE, uintptr(len(units)*2))
	if mem == 0 {
		return errors.New("clipboard: out of memory")
	}
	p := win.GlobalLock(mem)
	if p == nil {
		win.GlobalFree(mem)
		return errors.New("clipboard: cannot lock its memory")
	}
	copy(unsafe.Slice((*uint16)(p), len(units)), units)
	win.GlobalUnlock(mem)
	if win.SetClipboardData(win.CF_UNICODETEXT, win.HANDLE(mem)) == 0 {
		win.GlobalFree(mem)
		return errors.New("clipboard: cannot set its text")
	}
	return nil // the clipboard owns mem now
}

// openClipboard opens the clipboard, waiting up to a second while another
// program (a clipboard manager, Wine's sync with X) holds it.
func openClipboard(owner win.HWND) error {
	for range 50 {
		if win.OpenClipboard(owner) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("clipboard: another program holds it")
}
