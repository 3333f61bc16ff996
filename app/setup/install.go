// Package setup installs Chat Channels for the current user on Windows (no
// administrator rights), uninstalls it, starts it with Windows, and keeps
// one instance running per user.
package setup

import (
	"errors"
	"strconv"
	"strings"
)

// Options say what is installed and for which archive.
type Options struct {
	Version          string // the running program's version
	DataDir          string // the archive; a running copy using it is stopped first
	DataChosen       bool   // the user chose DataDir, so the installed copy is started with it
	StartWithWindows bool   // also start Chat Channels at sign-in
	NoStart          bool   // do not start the installed copy
}

// ErrWindowsOnly is what install, uninstall and start-with-Windows say
// elsewhere than Windows.
var ErrWindowsOnly = errors.New("install is for Windows; elsewhere run chatchannels serve from where it is")

// What an install is called and where it goes, under the user's own
// folders and registry (no administrator rights).
const (
	exeName          = "chatchannels.exe"
	productName      = "Chat Channels"
	publisher        = "Chat Channels"
	uninstallKeyPath = `Software\Microsoft\Windows\CurrentVersion\Uninstall\ChatChannels`
	runKeyPath       = `Software\Microsoft\Windows\CurrentVersion\Run`
	runValueName     = "ChatChannels"
	settingsKeyPath  = `Software\ChatChannels` // remembers a declined install
)

// installPaths are the files an install makes.
type installPaths struct {
	dir      string // %LOCALAPPDATA%\Programs\ChatChannels
	exe      string // the installed program, in dir
	shortcut string // the Start Menu shortcut
}

// installPathsFor lays the install out under the user's %LOCALAPPDATA% and
// %APPDATA%.
func installPathsFor(localAppData, appData string) installPaths {
	dir := winJoin(localAppData, "Programs", "ChatChannels")
	return installPaths{
		dir:      dir,
		exe:      winJoin(dir, exeName),
		shortcut: winJoin(appData, "Microsoft", "Windows", "Start Menu", "Programs", productName+".lnk"),
	}
}

// winJoin joins Windows path elements with backslashes.
func winJoin(elem ...string) string {
	for i, e := range elem {
		if i > 0 {
			e = strings.TrimLeft(e, `\/`)
		}
		if i < len(elem)-1 {
			e = strings.TrimRight(e, `\/`)
		}
		elem[i] = e
	}
	return strings.Join(elem, `\`)
}

// samePath reports whether two Windows paths name the same file, as the
// file system sees them (case and slashes aside).
func samePath(a, b string) bool {
	norm := func(p string) string { return strings.TrimRight(strings.ReplaceAll(p, "/", `\`), `\`) }
	return strings.EqualFold(norm(a), norm(b))
}

// insideDir reports whether a Windows path is in dir or below it.
func insideDir(path, dir string) bool {
	path = strings.ReplaceAll(path, "/", `\`)
	dir = strings.TrimRight(strings.ReplaceAll(dir, "/", `\`), `\`) + `\`
	return len(path) > len(dir) && strings.EqualFold(path[:len(dir)], dir)
}

// quoted quotes a path for a command line.
func quoted(path string) string { return `"` + path + `"` }

// regValue is one value of a registry key: a string, or a DWORD when
// isNumber.
type regValue struct {
	name     string
	text     string
	number   uint32
	isNumber bool
}

// uninstallValues are the values of the uninstall entry, which lists the
// program among the system's apps.
func uninstallValues(p installPaths, version string, sizeKB uint32) []regValue {
	return []regValue{
		{name: "DisplayName", text: productName},
		{name: "DisplayIcon", text: p.exe + ",0"},
		{name: "DisplayVersion", text: version},
		{name: "Publisher", text: publisher},
		{name: "InstallLocation", text: p.dir},
		{name: "UninstallString", text: quoted(p.exe) + " uninstall --ask"},
		{name: "QuietUninstallString", text: quoted(p.exe) + " uninstall"},
		{name: "NoModify", number: 1, isNumber: true},
		{name: "NoRepair", number: 1, isNumber: true},
		{name: "EstimatedSize", number: sizeKB, isNumber: true},
	}
}

// sizeKB is a file size as EstimatedSize counts it, in whole KB rounded up.
func sizeKB(bytes int64) uint32 { return uint32((bytes + 1023) / 1024) }

// versionNewer reports whether version a is newer than b: dotted numbers
// compared part by part (1.10 > 1.9, 1.2 = 1.2.0); a version that is not
// dotted numbers ("dev", a local build) is newer than none.
func versionNewer(a, b string) bool {
	pa, okA := versionParts(a)
	pb, okB := versionParts(b)
	if !okA || !okB {
		return false
	}
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			return x > y
		}
	}
	return false
}

func versionParts(v string) ([]int, bool) {
	v = strings.TrimPrefix(v, "v")
	var parts []int
	for _, s := range strings.Split(v, ".") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return nil, false
		}
		parts = append(parts, n)
	}
	return parts, true
}

// installState is what decides whether a start without a command offers
// to install.
type installState struct {
	runningExe       string // this program
	paths            installPaths
	installed        bool   // the uninstall entry exists
	installedVersion string // its DisplayVersion
	runningVersion   string
	declined         string // the version the user said no to, if any
}

// shouldOfferInstall: run from elsewhere than the install folder, with
// Chat Channels not installed or an older version installed, and not
// already declined for this version.
func shouldOfferInstall(s installState) bool {
	if insideDir(s.runningExe, s.paths.dir) || s.declined == s.runningVersion {
		return false
	}
	return !s.installed || versionNewer(s.runningVersion, s.installedVersion)
}
