package app

import (
	"os"

	"golang.org/x/sys/windows"
)

// Chat Channels is built as a GUI program (-H windowsgui) so a double-click
// opens no console window. A command typed in a terminal must still print
// there: before main runs, standard output and error that lead nowhere are
// pointed at the console of the process that started this one. Ones already
// redirected (to a file or a pipe) are kept; started from Explorer there is
// no such console and nothing changes.
func init() { attachParentConsole() }

var (
	kernel32          = windows.NewLazySystemDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
)

const attachParentProcess = ^uintptr(0) // ATTACH_PARENT_PROCESS, (DWORD)-1

func attachParentConsole() {
	outOK, errOK := validStdHandle(windows.STD_OUTPUT_HANDLE), validStdHandle(windows.STD_ERROR_HANDLE)
	if outOK && errOK {
		return
	}
	if r, _, _ := procAttachConsole.Call(attachParentProcess); r == 0 {
		return
	}
	con, err := windows.CreateFile(windows.StringToUTF16Ptr("CONOUT$"), windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		return
	}
	if !outOK {
		windows.SetStdHandle(windows.STD_OUTPUT_HANDLE, con)
		os.Stdout = os.NewFile(uintptr(con), "/dev/stdout")
	}
	if !errOK {
		windows.SetStdHandle(windows.STD_ERROR_HANDLE, con)
		os.Stderr = os.NewFile(uintptr(con), "/dev/stderr")
	}
}

// validStdHandle reports whether a standard handle leads somewhere.
func validStdHandle(which uint32) bool {
	h, err := windows.GetStdHandle(which)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
