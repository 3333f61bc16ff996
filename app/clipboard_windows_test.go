package app

import (
	"testing"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
)

// TestCopyText puts a feed URL on the real clipboard and reads it back as
// another program would.
func TestCopyText(t *testing.T) {
	want := "http://127.0.0.1:8006/feed.atom?über=☃"
	if err := copyText(want); err != nil {
		t.Fatal(err)
	}
	if err := openClipboard(0); err != nil {
		t.Fatal(err)
	}
	defer win.CloseClipboard()
	mem := win.GetClipboardData(win.CF_UNICODETEXT)
	if mem == 0 {
		t.Fatal("no Unicode text on the clipboard")
	}
	p := win.GlobalLock(win.HGLOBAL(mem))
	if p == nil {
		t.Fatal("cannot lock the clipboard's text")
	}
	defer win.GlobalUnlock(win.HGLOBAL(mem))
	if got := windows.UTF16PtrToString((*uint16)(p)); got != want {
		t.Errorf("clipboard holds %q, want %q", got, want)
	}
}
