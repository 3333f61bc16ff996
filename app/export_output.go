package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// exportOutput is where an export goes: standard output, or a file that
// appears under its name only once complete. The file is written beside
// it under a hidden temporary name and renamed when done, so that an
// export that fails or is interrupted leaves nothing under the name (and
// an older file of that name stays as it was until the new one replaces
// it whole).
type exportOutput struct {
	w      io.Writer
	path   string   // the file's name; "" for standard output
	tmp    *os.File // the file being written, beside it
	closed bool     // tmp is finished (flushed and closed)
	done   bool     // renamed into place
}

// createOutput opens where an export goes: path ("" or "-": stdout).
func createOutput(path string, stdout io.Writer) (*exportOutput, error) {
	if path == "" || path == "-" {
		return &exportOutput{w: stdout}, nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("export: --out %s is a folder; name a file", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("export: --out %s: %w", path, err)
	}
	return &exportOutput{w: tmp, path: path, tmp: tmp}, nil
}

// commit puts the complete file under its name.
func (o *exportOutput) commit() error {
	if o.tmp == nil {
		return nil
	}
	if err := o.finish(); err != nil {
		return err
	}
	return o.rename()
}

// finish flushes the file to disk and closes it, still beside its name.
func (o *exportOutput) finish() error {
	if o.closed {
		return nil
	}
	o.closed = true
	if err := o.tmp.Sync(); err != nil {
		o.tmp.Close()
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	if err := o.tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// rename puts the finished file under its name.
func (o *exportOutput) rename() error {
	if err := os.Rename(o.tmp.Name(), o.path); err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	o.done = true
	return nil
}

// discard removes the file written so far, unless it was committed.
func (o *exportOutput) discard() {
	if o.tmp == nil || o.done {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}

// leftBehind says what an interrupted export leaves.
func (o *exportOutput) leftBehind() string {
	if o.tmp == nil {
		return "what went to standard output is incomplete"
	}
	return "nothing was written to " + o.path
}

// where names the file an export went to, as the end of a sentence.
func (o *exportOutput) where() string {
	if o.tmp == nil {
		return ""
	}
	return " to " + o.path
}
