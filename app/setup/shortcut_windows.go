package setup

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"unsafe"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
)

// The shell's link object and the two of its interfaces a shortcut needs.
var (
	clsidShellLink  = win.CLSID{Data1: 0x00021401, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidIShellLinkW  = win.IID{Data1: 0x000214F9, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
	iidIPersistFile = win.IID{Data1: 0x0000010B, Data4: [8]byte{0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
)

// Method numbers in the interfaces' tables (IUnknown's three come first).
const (
	comQueryInterface         = 0
	comRelease                = 2
	shellLinkSetDescription   = 7
	shellLinkSetWorkingDir    = 9
	shellLinkSetIconLocation  = 17
	shellLinkSetPath          = 20
	persistFileSave           = 6
	rpcEChangedMode           = 0x80010106 // COM already set up otherwise on this thread
	comInitAlreadyInitialized = 1          // S_FALSE
)

// comObject is a COM interface pointer: a pointer to its method table.
type comObject struct{ vtbl *[32]uintptr }

func (o *comObject) call(method int, args ...uintptr) error {
	hr, _, _ := syscall.SyscallN(o.vtbl[method], append([]uintptr{uintptr(unsafe.Pointer(o))}, args...)...)
	if int32(hr) < 0 {
		return fmt.Errorf("HRESULT %#x", uint32(hr))
	}
	return nil
}

func (o *comObject) release() { o.call(comRelease) }

// writeShortcut makes a shell link at path that starts target, with the
// target's icon, through the shell's own IShellLink and IPersistFile.
func writeShortcut(path, target, description string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("install: shortcut folder: %w", err)
	}
	runtime.LockOSThread() // COM's set-up belongs to the thread
	defer runtime.UnlockOSThread()
	switch hr := uint32(win.CoInitializeEx(nil, win.COINIT_APARTMENTTHREADED)); hr {
	case 0, comInitAlreadyInitialized:
		defer win.CoUninitialize()
	case rpcEChangedMode:
	default:
		return fmt.Errorf("install: shortcut: CoInitializeEx: HRESULT %#x", hr)
	}
	var p unsafe.Pointer
	if hr := win.CoCreateInstance(&clsidShellLink, nil, win.CLSCTX_INPROC_SERVER, &iidIShellLinkW, &p); hr < 0 {
		return fmt.Errorf("install: shortcut: create ShellLink: HRESULT %#x", uint32(hr))
	}
	link := (*comObject)(p)
	defer link.release()
	// The strings stay referenced (below) until the calls are done.
	targetW, dirW := windows.StringToUTF16Ptr(target), windows.StringToUTF16Ptr(filepath.Dir(target))
	descW, pathW := windows.StringToUTF16Ptr(description), windows.StringToUTF16Ptr(path)
	defer runtime.KeepAlive([]*uint16{targetW, dirW, descW, pathW})
	ptr := func(s *uint16) uintptr { return uintptr(unsafe.Pointer(s)) }
	for _, step := range []struct {
		what   string
		method int
		args   []uintptr
	}{
		{"SetPath", shellLinkSetPath, []uintptr{ptr(targetW)}},
		{"SetWorkingDirectory", shellLinkSetWorkingDir, []uintptr{ptr(dirW)}},
		{"SetIconLocation", shellLinkSetIconLocation, []uintptr{ptr(targetW), 0}},
		{"SetDescription", shellLinkSetDescription, []uintptr{ptr(descW)}},
	} {
		if err := link.call(step.method, step.args...); err != nil {
			return fmt.Errorf("install: shortcut: %s: %w", step.what, err)
		}
	}
	var pf unsafe.Pointer
	if err := link.call(comQueryInterface, uintptr(unsafe.Pointer(&iidIPersistFile)), uintptr(unsafe.Pointer(&pf))); err != nil {
		return fmt.Errorf("install: shortcut: IPersistFile: %w", err)
	}
	file := (*comObject)(pf)
	defer file.release()
	if err := file.call(persistFileSave, ptr(pathW), 1); err != nil {
		return fmt.Errorf("install: shortcut: save %s: %w", path, err)
	}
	return nil
}
