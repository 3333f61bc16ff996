package tray

import (
	"errors"
	"testing"
	"time"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
)

// TestCopyText puts a feed URL on the real clipboard and reads it back as
// another program would (within two seconds: under Wine the clipboard is
// synced with X's, which holds it for a moment).
func TestCopyText(t *testing.T) {
	want := "http://127.0.0.1:8006/feed.atom?über=☃"
	if err := copyText(want); err != nil {
		t.Fatal(err)
	}
	var got string
	var err error
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got, err = clipboardText(); err == nil && got == want {
			return
		}
	}
	t.Errorf("clipboard holds %q (%v), want %q", got, err, want)
}

// clipboardText reads the clipboard's Unicode text.
func clipboardText() (string, error) {
	if err := openClipboard(0); err != nil {
		return "", err
	}
	defer win.CloseClipboard()
	mem := win.GetClipboardData(win.CF_UNICODETEXT)
	if mem == 0 {
		return "", errors.New("no Unicode text on the clipboard")
	}
	p := win.GlobalLock(win.HGLOBAL(mem))
	if p == nil {
		return "", errors.New("cannot lock the clipboard's text")
	}
	defer win.GlobalUnlock(win.HGLOBAL(mem))
	return windows.UTF16PtrToString((*uint16)(p)), nil
}
