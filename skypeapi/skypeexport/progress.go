package skypeexport

import (
	"io"
	"os"
)

// progressOf returns how far the walk has read into the export's file and
// the file's size, in bytes (through the tar and any gzip: the file's own
// position). For an Export not opened from a file both are 0.
func progressOf(e *Export) func() (done, total int64) {
	f, ok := e.closer.(*os.File)
	if !ok {
		return func() (int64, int64) { return 0, 0 }
	}
	var total int64
	if st, err := f.Stat(); err == nil {
		total = st.Size()
	}
	return func() (int64, int64) {
		done, err := f.Seek(0, io.SeekCurrent)
		if err != nil {
			return 0, total
		}
		return min(done, total), total
	}
}
