package setup

import "testing"

func TestInstallPaths(t *testing.T) {
	p := installPathsFor(`C:\Users\ann\AppData\Local`, `C:\Users\ann\AppData\Roaming\`)
	want := installPaths{
		dir:      `C:\Users\ann\AppData\Local\Programs\ChatChannels`,
		exe:      `C:\Users\ann\AppData\Local\Programs\ChatChannels\chatchannels.exe`,
		shortcut: `C:\Users\ann\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Chat Channels.lnk`,
	}
	if p != want {
		t.Errorf("installPathsFor = %+v\nwant %+v", p, want)
	}
}

func TestPaths(t *testing.T) {
	dir := `C:\Users\ann\AppData\Local\Programs\ChatChannels`
	tests := []struct {
		path         string
		same, inside bool
	}{
		{`C:\Users\ann\AppData\Local\Programs\ChatChannels\chatchannels.exe`, true, true},
		{`c:\users\ANN\appdata\local\programs\chatchannels\CHATCHANNELS.EXE`, true, true},
		{`C:/Users/ann/AppData/Local/Programs/ChatChannels/chatchannels.exe`, true, true},
		{`C:\Users\ann\AppData\Local\Programs\ChatChannels\bin\chatchannels.exe`, false, true},
		{`C:\Users\ann\AppData\Local\Programs\ChatChannels2\chatchannels.exe`, false, false},
		{`C:\Users\ann\Downloads\chatchannels.exe`, false, false},
		{dir, false, false},
	}
	exe := dir + `\chatchannels.exe`
	for _, tt := range tests {
		if got := samePath(tt.path, exe); got != tt.same {
			t.Errorf("samePath(%s) = %v", tt.path, got)
		}
		if got := insideDir(tt.path, dir); got != tt.inside {
			t.Errorf("insideDir(%s) = %v", tt.path, got)
		}
	}
}

func TestUninstallValues(t *testing.T) {
	p := installPathsFor(`C:\Users\ann\AppData\Local`, `C:\Users\ann\AppData\Roaming`)
	got := map[string]regValue{}
	for _, v := range uninstallValues(p, "1.2.0", sizeKB(33_152_512)) {
		got[v.name] = v
	}
	texts := map[string]string{
		"DisplayName":          "Chat Channels",
		"DisplayIcon":          p.exe + ",0",
		"DisplayVersion":       "1.2.0",
		"Publisher":            "Chat Channels",
		"InstallLocation":      p.dir,
		"UninstallString":      `"` + p.exe + `" uninstall --ask`,
		"QuietUninstallString": `"` + p.exe + `" uninstall`,
	}
	for name, want := range texts {
		if v, ok := got[name]; !ok || v.isNumber || v.text != want {
			t.Errorf("%s = %+v, want %q", name, v, want)
		}
	}
	numbers := map[string]uint32{"NoModify": 1, "NoRepair": 1, "EstimatedSize": 32376}
	for name, want := range numbers {
		if v, ok := got[name]; !ok || !v.isNumber || v.number != want {
			t.Errorf("%s = %+v, want DWORD %d", name, v, want)
		}
	}
	if len(got) != len(texts)+len(numbers) {
		t.Errorf("%d values, want %d", len(got), len(texts)+len(numbers))
	}
}

func TestVersionNewer(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"1.2.0", "1.1.9", true},
		{"1.10", "1.9", true},
		{"1.9", "1.10", false},
		{"1.2", "1.2.0", false},
		{"1.2.0.1", "1.2", true},
		{"v2.0", "1.9.9", true},
		{"1.2", "1.2", false},
		{"dev", "1.0", false},
		{"1.0", "dev", false},
		{"dev", "dev", false},
		{"1.0", "", false},
	}
	for _, tt := range tests {
		if got := versionNewer(tt.a, tt.b); got != tt.want {
			t.Errorf("versionNewer(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestShouldOfferInstall(t *testing.T) {
	p := installPathsFor(`C:\Users\ann\AppData\Local`, `C:\Users\ann\AppData\Roaming`)
	downloads := `C:\Users\ann\Downloads\chatchannels.exe`
	tests := []struct {
		name string
		s    installState
		want bool
	}{
		{"not installed, run from Downloads", installState{runningExe: downloads, runningVersion: "1.0"}, true},
		{"the installed copy", installState{runningExe: p.exe, installed: true, installedVersion: "1.0", runningVersion: "1.0"}, false},
		{"the install folder, not registered", installState{runningExe: p.exe, runningVersion: "1.0"}, false},
		{"same version installed", installState{runningExe: downloads, installed: true, installedVersion: "1.0", runningVersion: "1.0"}, false},
		{"older version installed", installState{runningExe: downloads, installed: true, installedVersion: "1.0", runningVersion: "1.1"}, true},
		{"newer version installed", installState{runningExe: downloads, installed: true, installedVersion: "1.2", runningVersion: "1.1"}, false},
		{"declined this version", installState{runningExe: downloads, runningVersion: "1.1", declined: "1.1"}, false},
		{"declined an older version", installState{runningExe: downloads, runningVersion: "1.1", declined: "1.0"}, true},
		{"a dev build over a dev build", installState{runningExe: downloads, installed: true, installedVersion: "dev", runningVersion: "dev"}, false},
	}
	for _, tt := range tests {
		tt.s.paths = p
		if got := shouldOfferInstall(tt.s); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
