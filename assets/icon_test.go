package assets

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestIconICO reads the icon file as Windows does: a directory of images,
// each a PNG (256 px) or a 32-bit bitmap with its mask, of the size it
// claims.
func TestIconICO(t *testing.T) {
	ico := IconICO
	if len(ico) < 6 || binary.LittleEndian.Uint16(ico[2:]) != 1 {
		t.Fatalf("icon.ico is not an icon file")
	}
	count := int(binary.LittleEndian.Uint16(ico[4:]))
	var sizes []int
	for i := 0; i < count; i++ {
		entry := ico[6+16*i:]
		size := int(entry[0])
		if size == 0 {
			size = 256
		}
		if int(entry[1]) != int(entry[0]) || binary.LittleEndian.Uint16(entry[6:]) != 32 {
			t.Errorf("image %d: not square 32-bit", i)
		}
		length, offset := binary.LittleEndian.Uint32(entry[8:]), binary.LittleEndian.Uint32(entry[12:])
		if int(offset+length) > len(ico) {
			t.Fatalf("image %d runs past the end of the file", i)
		}
		data := ico[offset : offset+length]
		if bytes.HasPrefix(data, []byte("\x89PNG")) {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil || img.Bounds().Dx() != size {
				t.Errorf("image %d: PNG of %d px expected: %v", i, size, err)
			}
		} else {
			w, h := int(int32(binary.LittleEndian.Uint32(data[4:]))), int(int32(binary.LittleEndian.Uint32(data[8:])))
			maskStride := (size + 31) / 32 * 4
			if w != size || h != 2*size || len(data) != 40+size*size*4+maskStride*size {
				t.Errorf("image %d: bitmap %dx%d (%d bytes), want %d px", i, w, h, len(data), size)
			}
		}
		sizes = append(sizes, size)
	}
	want := []int{16, 20, 24, 32, 48, 256}
	if len(sizes) != len(want) {
		t.Fatalf("sizes %v, want %v", sizes, want)
	}
	for i := range want {
		if sizes[i] != want[i] {
			t.Fatalf("sizes %v, want %v", sizes, want)
		}
	}
}

func TestIconPNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Fatalf("icon.png is %v, want 256×256", b)
	}
	if _, _, _, a := img.At(128, 100).RGBA(); a == 0 {
		t.Error("the middle of the icon is transparent")
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Error("the corner of the icon is not transparent")
	}
}

// TestIconGenerated checks the committed icon files are what icon/gen.go
// draws today.
func TestIconGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	gen, err := filepath.Abs("icon/gen.go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "static"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", gen)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run icon/gen.go: %v\n%s", err, out)
	}
	for _, name := range []string{"icon.ico", "icon.png", "static/favicon.png"} {
		fresh, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(fresh, committed) {
			t.Errorf("%s is stale: run go generate ./assets", name)
		}
	}
}
