package tray

import (
	"fmt"
	"runtime"
	"unicode/utf16"
	"unsafe"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
)

// importFilter is what the import dialog offers: pairs of a description and
// its patterns, each ending in NUL, the list ending in another.
const importFilter = "Skype exports and main.db (*.tar, *.json, main.db)\x00*.tar;*.json;main.db;*.db\x00" +
	"All files (*.*)\x00*.*\x00\x00"

// chooseImportFile asks for the Skype export or main.db to import with the
// system's Open dialog; "" when the user cancels.
func chooseImportFile() (string, error) {
	runtime.LockOSThread() // the dialog's windows belong to this thread
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED); err == nil {
		defer windows.CoUninitialize()
	}
	filter := utf16.Encode([]rune(importFilter))
	file := make([]uint16, 32*1024)
	ofn := win.OPENFILENAME{
		LpstrFilter: &filter[0],
		LpstrFile:   &file[0],
		NMaxFile:    uint32(len(file)),
		LpstrTitle:  windows.StringToUTF16Ptr("Import a Skype export or main.db"),
		Flags:       win.OFN_EXPLORER | win.OFN_FILEMUSTEXIST | win.OFN_PATHMUSTEXIST | win.OFN_NOCHANGEDIR | win.OFN_HIDEREADONLY,
	}
	ofn.LStructSize = uint32(unsafe.Sizeof(ofn))
	if !win.GetOpenFileName(&ofn) {
		if code := win.CommDlgExtendedError(); code != 0 {
			return "", fmt.Errorf("import: the file dialog failed (error %#x)", code)
		}
		return "", nil
	}
	return windows.UTF16ToString(file), nil
}
