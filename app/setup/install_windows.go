package setup

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// Install copies this program under the user's folders, adds the Start
// Menu shortcut and the uninstall entry, and starts the installed copy
// unless o.NoStart. It returns where the program now is.
func Install(o Options) (exe string, err error) {
	p, err := userInstallPaths()
	if err != nil {
		return "", err
	}
	if err := install(p, o); err != nil {
		return "", err
	}
	return p.exe, nil
}

// userInstallPaths lays the install out under this user's folders.
func userInstallPaths() (installPaths, error) {
	local, roaming := os.Getenv("LOCALAPPDATA"), os.Getenv("APPDATA")
	if local == "" || roaming == "" {
		return installPaths{}, errors.New("install: %LOCALAPPDATA% or %APPDATA% is not set")
	}
	return installPathsFor(local, roaming), nil
}

// install puts this program in place (replacing an installed copy, which
// is asked to quit first), writes the shortcut and the uninstall entry, and
// starts the installed copy when start is set.
func install(p installPaths, o Options) error {
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("install: which program is this: %w", err)
	}
	if !samePath(self, p.exe) {
		if _, err := StopRunningInstance(o.DataDir, 10*time.Second); err != nil {
			return fmt.Errorf("install: %w", err)
		}
		if err := copyProgram(self, p.exe); err != nil {
			return err
		}
	}
	info, err := os.Stat(p.exe)
	if err != nil {
		return fmt.Errorf("install: %w", err)
	}
	if err := writeShortcut(p.shortcut, p.exe, "Keep, read, search and subscribe to your Skype chats"); err != nil {
		return err
	}
	if err := writeRegistryValues(uninstallKeyPath, uninstallValues(p, o.Version, sizeKB(info.Size()))); err != nil {
		return err
	}
	on, err := StartsWithWindows()
	if err != nil {
		return err
	}
	if o.StartWithWindows || on { // a Run value keeps pointing at the installed copy
		if err := setRunValue(p.exe); err != nil {
			return err
		}
	}
	if o.NoStart {
		return nil
	}
	var args []string
	if o.DataChosen {
		args = []string{"--data", o.DataDir}
	}
	cmd := exec.Command(p.exe, args...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("install: start %s: %w", p.exe, err)
	}
	return cmd.Process.Release()
}

// copyProgram copies the program to dst by way of a new file renamed into
// place; an old copy there is moved aside first (Windows lets a running
// program be renamed, not overwritten) and removed when it can be.
func copyProgram(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("install: make %s: %w", filepath.Dir(dst), err)
	}
	tmp := dst + ".new"
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("install: copy to %s: %w", tmp, err)
	}
	old := dst + ".old"
	os.Remove(old)
	if err := os.Rename(dst, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		os.Remove(tmp)
		return fmt.Errorf("install: move the old copy aside: %w", err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("install: %w", err)
	}
	os.Remove(old) // fails while the old copy still runs; the next install retries
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeRegistryValues creates the key under HKEY_CURRENT_USER and sets the
// values.
func writeRegistryValues(path string, values []regValue) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, path, registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("install: registry key %s: %w", path, err)
	}
	defer k.Close()
	for _, v := range values {
		if v.isNumber {
			err = k.SetDWordValue(v.name, v.number)
		} else {
			err = k.SetStringValue(v.name, v.text)
		}
		if err != nil {
			return fmt.Errorf("install: registry value %s\\%s: %w", path, v.name, err)
		}
	}
	return nil
}

// readRegistryText reads a string value under HKEY_CURRENT_USER; ok is
// false when the key or the value is missing.
func readRegistryText(path, name string) (text string, ok bool, err error) {
	k, err := registry.OpenKey(registry.CURRENT_USER, path, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("registry key %s: %w", path, err)
	}
	defer k.Close()
	text, _, err = k.GetStringValue(name)
	if errors.Is(err, registry.ErrNotExist) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("registry value %s\\%s: %w", path, name, err)
	}
	return text, true, nil
}

// deleteRegistryKey deletes a key (without subkeys) under
// HKEY_CURRENT_USER; a missing key is fine.
func deleteRegistryKey(path string) error {
	if err := registry.DeleteKey(registry.CURRENT_USER, path); err != nil && !errors.Is(err, registry.ErrNotExist) {
		return fmt.Errorf("registry key %s: %w", path, err)
	}
	return nil
}

// StartsWithWindows reports whether Chat Channels starts when the user
// signs in (the tray's "Start with Windows" check mark).
func StartsWithWindows() (bool, error) {
	_, ok, err := readRegistryText(runKeyPath, runValueName)
	return ok, err
}

// SetStartWithWindows makes Chat Channels start when the user signs in, or
// not: the installed copy if there is one, else this program.
func SetStartWithWindows(on bool) error {
	if !on {
		k, err := registry.OpenKey(registry.CURRENT_USER, runKeyPath, registry.SET_VALUE)
		if errors.Is(err, registry.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("start with Windows: %w", err)
		}
		defer k.Close()
		if err := k.DeleteValue(runValueName); err != nil && !errors.Is(err, registry.ErrNotExist) {
			return fmt.Errorf("start with Windows: %w", err)
		}
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("start with Windows: %w", err)
	}
	if p, err := userInstallPaths(); err == nil {
		if _, err := os.Stat(p.exe); err == nil {
			exe = p.exe
		}
	}
	return setRunValue(exe)
}

func setRunValue(exe string) error {
	return writeRegistryValues(runKeyPath, []regValue{{name: runValueName, text: quoted(exe)}})
}

// OfferInstall is for a start without a command (a double-click): run from
// elsewhere than the install folder, with Chat Channels not installed or an
// older version installed, it asks once whether to install. On yes it
// installs and starts the installed copy, and installed is true: this
// process should exit. On no it remembers the answer for this version.
func OfferInstall(o Options) (installed bool, err error) {
	p, err := userInstallPaths()
	if err != nil {
		return false, err
	}
	self, err := os.Executable()
	if err != nil {
		return false, fmt.Errorf("install: which program is this: %w", err)
	}
	st := installState{runningExe: self, paths: p, runningVersion: o.Version}
	if st.installedVersion, st.installed, err = readRegistryText(uninstallKeyPath, "DisplayVersion"); err != nil {
		return false, err
	}
	if st.declined, _, err = readRegistryText(settingsKeyPath, "DeclinedInstall"); err != nil {
		return false, err
	}
	if !shouldOfferInstall(st) {
		return false, nil
	}
	question := fmt.Sprintf("Install Chat Channels for %s?\n\nIt goes to %s, with a Start Menu shortcut; no administrator rights needed.", userName(), p.dir)
	if st.installed {
		question = fmt.Sprintf("Update Chat Channels %s to %s?", st.installedVersion, o.Version)
	}
	answer := win.MessageBox(0, windows.StringToUTF16Ptr(question), windows.StringToUTF16Ptr(productName),
		win.MB_YESNO|win.MB_ICONQUESTION|win.MB_SETFOREGROUND)
	if answer != win.IDYES {
		return false, writeRegistryValues(settingsKeyPath, []regValue{{name: "DeclinedInstall", text: o.Version}})
	}
	if err := install(p, Options{Version: o.Version, DataDir: o.DataDir, DataChosen: o.DataChosen}); err != nil {
		return false, err
	}
	return true, nil
}

// userName is the signed-in user's name, for the install question.
func userName() string {
	if n := os.Getenv("USERNAME"); n != "" {
		return n
	}
	return "you"
}

// ConfirmUninstall asks in a window whether to uninstall (the system's app
// list runs uninstall so), saying the archive in dataDir stays.
func ConfirmUninstall(dataDir string) bool {
	question := fmt.Sprintf("Uninstall Chat Channels?\n\nYour archive stays in %s.", dataDir)
	return win.MessageBox(0, windows.StringToUTF16Ptr(question), windows.StringToUTF16Ptr(productName),
		win.MB_YESNO|win.MB_ICONQUESTION|win.MB_SETFOREGROUND) == win.IDYES
}

// Uninstall stops the running copy and removes what Install added; the
// archive in dataDir goes too only with removeData.
func Uninstall(dataDir string, removeData bool) error {
	p, err := userInstallPaths()
	if err != nil {
		return err
	}
	if _, err := StopRunningInstance(dataDir, 10*time.Second); err != nil {
		return fmt.Errorf("uninstall: %w", err)
	}
	if err := uninstall(p); err != nil {
		return err
	}
	if removeData {
		return removeDataFolder(dataDir)
	}
	return nil
}

// uninstall removes the Run value, the shortcut, the registry entries and
// the installed files. A running installed copy (this one) is moved out to
// the temporary folder, where it is deleted once it has exited.
func uninstall(p installPaths) error {
	if err := SetStartWithWindows(false); err != nil {
		return fmt.Errorf("uninstall: %w", err)
	}
	if err := os.Remove(p.shortcut); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("uninstall: %w", err)
	}
	for _, key := range []string{uninstallKeyPath, settingsKeyPath} {
		if err := deleteRegistryKey(key); err != nil {
			return fmt.Errorf("uninstall: %w", err)
		}
	}
	self, err := os.Executable()
	if err == nil && insideDir(self, p.dir) {
		moved := filepath.Join(os.TempDir(), "chatchannels-uninstalled-"+strconv.Itoa(os.Getpid())+".exe")
		if err := os.Rename(self, moved); err != nil {
			return fmt.Errorf("uninstall: move the running program out of %s: %w", p.dir, err)
		}
		deleteAfterExit(moved)
	}
	if err := removeTree(p.dir); err != nil {
		return fmt.Errorf("uninstall: %w", err)
	}
	return nil
}

// deleteAfterExit has cmd.exe delete a file a few seconds from now, when
// this process, which runs it, has exited.
func deleteAfterExit(path string) {
	cmd := exec.Command(filepath.Join(os.Getenv("SystemRoot"), "System32", "cmd.exe"))
	cmd.SysProcAttr = &windows.SysProcAttr{
		CmdLine:       `cmd.exe /d /c ping -n 4 127.0.0.1 >nul & del /f /q ` + quoted(path),
		CreationFlags: windows.CREATE_NO_WINDOW,
	}
	if err := cmd.Start(); err == nil {
		cmd.Process.Release()
	}
}

// removeDataFolder deletes the archive, and only a folder that holds one.
func removeDataFolder(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "chatchannels.db")); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil // nothing archived there: leave the folder to its owner
		}
		return fmt.Errorf("uninstall: %w", err)
	}
	if err := removeTree(dir); err != nil {
		return fmt.Errorf("uninstall: delete the archive: %w", err)
	}
	return nil
}

// removeTree deletes a folder and everything in it, one os.Remove at a
// time, deepest first. (os.RemoveAll deletes through
// FileDispositionInformationEx, which Wine refuses with "Invalid function".)
func removeTree(dir string) error {
	var paths []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		paths = append(paths, path)
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for i := len(paths) - 1; i >= 0; i-- { // WalkDir lists a folder before its contents
		if err := os.Remove(paths[i]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
