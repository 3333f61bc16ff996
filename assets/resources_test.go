package assets

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// Resource types, as numbered in winuser.h.
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

// TestExeCarriesResources checks that a plain Windows build carries the
// resources go-winres makes from winres/winres.json: icon, version
// information and manifest.
func TestExeCarriesResources(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the Windows exe")
	}
	exe := filepath.Join(t.TempDir(), "chatchannels.exe")
	build := exec.Command("go", "build", "-o", exe, "..")
	build.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("GOOS=windows go build: %v\n%s", err, out)
	}
	res := readResources(t, exe)

	if n := len(res[rtIcon]); n != 6 {
		t.Errorf("%d icon images, want 6 (16, 20, 24, 32, 48, 256 px)", n)
	}
	if len(res[rtGroupIcon]) != 1 {
		t.Errorf("%d icon groups, want 1", len(res[rtGroupIcon]))
	}
	if len(res[rtManifest]) != 1 {
		t.Fatalf("%d manifests, want 1", len(res[rtManifest]))
	}
	manifest := string(res[rtManifest][0])
	for _, want := range []string{
		`level="asInvoker"`,
		"PerMonitorV2",
		`Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"`, // supportedOS Windows 10 and 11
		`name="Microsoft.Windows.Common-Controls" version="6.0.0.0"`,
	} {
		if !strings.Contains(strings.ToLower(manifest), strings.ToLower(want)) {
			t.Errorf("the manifest lacks %s:\n%s", want, manifest)
		}
	}
	if len(res[rtVersion]) != 1 {
		t.Fatalf("%d version resources, want 1", len(res[rtVersion]))
	}
	version := res[rtVersion][0]
	for _, pair := range [][2]string{
		{"ProductName", "Chat Channels"},
		{"CompanyName", "Chat Channels"},
		{"FileDescription", "Chat Channels"},
		{"OriginalFilename", "chatchannels.exe"},
	} {
		if !bytes.Contains(version, utf16le(pair[0])) || !bytes.Contains(version, utf16le(pair[1])) {
			t.Errorf("the version information lacks %s = %s", pair[0], pair[1])
		}
	}
}

// readResources returns the data of every resource in the exe's .rsrc
// section, by type.
func readResources(t *testing.T, exe string) map[uint32][][]byte {
	t.Helper()
	f, err := pe.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sec := f.Section(".rsrc")
	if sec == nil {
		t.Fatal("the exe has no .rsrc section")
	}
	data, err := sec.Data()
	if err != nil {
		t.Fatal(err)
	}
	out := map[uint32][][]byte{}
	// The resource tree has three levels: type, name, language.
	var walk func(offset uint32, depth int, typ uint32)
	walk = func(offset uint32, depth int, typ uint32) {
		if int(offset)+16 > len(data) {
			t.Fatalf("resource directory at %#x is outside the section", offset)
		}
		named := binary.LittleEndian.Uint16(data[offset+12:])
		ids := binary.LittleEndian.Uint16(data[offset+14:])
		for i := uint32(0); i < uint32(named)+uint32(ids); i++ {
			entry := data[offset+16+8*i:]
			id, target := binary.LittleEndian.Uint32(entry), binary.LittleEndian.Uint32(entry[4:])
			if depth == 0 {
				typ = id
			}
			if target&0x80000000 != 0 {
				walk(target&0x7fffffff, depth+1, typ)
				continue
			}
			leaf := data[target:]
			rva, size := binary.LittleEndian.Uint32(leaf), binary.LittleEndian.Uint32(leaf[4:])
			start := rva - sec.VirtualAddress
			if int(start+size) > len(data) {
				t.Fatalf("resource of type %d is outside the section", typ)
			}
			out[typ] = append(out[typ], data[start:start+size])
		}
	}
	walk(0, 0, 0)
	return out
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}
