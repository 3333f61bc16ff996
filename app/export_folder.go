package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// exportFolder is where an export of a file per chat (html) goes. Each
// file is written beside its name as exportOutput writes one, and all
// are put under their names together once the export is complete: an
// export that fails or is interrupted leaves nothing new under any name
// (and removes the folders it made for them).
type exportFolder struct {
	dir     string
	files   []*exportOutput
	madeDir []string // folders made for the files, innermost last
	done    bool     // committed
}

// createFolder opens the folder an export of a file per chat goes to,
// making it if need be.
func createFolder(dir string) (*exportFolder, error) {
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("export: --out %s is a file; html writes a file per chat, so name a folder", dir)
	}
	f := &exportFolder{dir: dir}
	if err := f.mkdir(dir); err != nil {
		return nil, fmt.Errorf("export: --out %s: %w", dir, err)
	}
	return f, nil
}

// Create implements feed.ExportFolder.
func (f *exportFolder) Create(name string) (io.WriteCloser, error) {
	rel := filepath.FromSlash(name)
	if !filepath.IsLocal(rel) {
		return nil, fmt.Errorf("export: %q is no name inside %s", name, f.dir)
	}
	path := filepath.Join(f.dir, rel)
	if err := f.mkdir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	o, err := createOutput(path, nil)
	if err != nil {
		return nil, err
	}
	f.files = append(f.files, o)
	return folderFile{o}, nil
}

// folderFile is a file of an exportFolder being written.
type folderFile struct{ o *exportOutput }

func (w folderFile) Write(p []byte) (int, error) { return w.o.tmp.Write(p) }
func (w folderFile) Close() error                { return w.o.finish() }

// mkdir makes a folder and those above it, remembering which it made.
func (f *exportFolder) mkdir(dir string) error {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := f.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	f.madeDir = append(f.madeDir, dir)
	return nil
}

// commit puts every complete file under its name.
func (f *exportFolder) commit() error {
	for _, o := range f.files {
		if err := o.finish(); err != nil {
			return err
		}
	}
	for _, o := range f.files {
		if err := o.rename(); err != nil {
			return err
		}
	}
	f.done = true
	return nil
}

// discard removes what was written, and the folders made for it when they
// are left empty.
func (f *exportFolder) discard() {
	if f.done {
		return
	}
	for _, o := range f.files {
		o.discard()
	}
	for _, d := range slices.Backward(f.madeDir) {
		os.Remove(d) // only when empty
	}
}

// leftBehind says what an interrupted export leaves.
func (f *exportFolder) leftBehind() string {
	return "nothing was written to " + f.dir
}

// where names the folder an export went to, as the end of a sentence.
func (f *exportFolder) where() string {
	return " to " + strings.TrimSuffix(f.dir, string(filepath.Separator)) + string(filepath.Separator)
}
