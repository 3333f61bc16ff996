package store

import (
	"runtime/debug"
	"sync"
)

// bulkGCPercent is the garbage collector's target while the index is built
// in bulk. Building index segments allocates hundreds of bytes per word,
// nearly all short-lived, and at Go's default of 100 the collector ran every
// few megabytes: rebuilding the index of 200k messages took 18 s of CPU at
// 100 and 14 s at 400. The heap may now grow to five times what is live,
// and never past the process's memory limit, below which bulkMemoryLimit
// keeps it.
const bulkGCPercent = 400

// bulkMemoryLimit is the soft limit of the Go heap during bulk indexing:
// near it the collector works harder instead of letting the heap grow.
const bulkMemoryLimit = 160 << 20

var bulkGC struct {
	sync.Mutex
	n       int // bulk works in progress
	percent int
	limit   int64
}

// bulkWork makes the garbage collector run less often, within the memory
// limit, until the returned function is called. Works may overlap: the
// settings are restored when the last one ends.
func bulkWork() (done func()) {
	bulkGC.Lock()
	defer bulkGC.Unlock()
	if bulkGC.n == 0 {
		bulkGC.limit = debug.SetMemoryLimit(min(debug.SetMemoryLimit(-1), bulkMemoryLimit))
		bulkGC.percent = debug.SetGCPercent(bulkGCPercent)
	}
	bulkGC.n++
	var once sync.Once
	return func() {
		once.Do(func() {
			bulkGC.Lock()
			defer bulkGC.Unlock()
			if bulkGC.n--; bulkGC.n == 0 {
				debug.SetGCPercent(bulkGC.percent)
				debug.SetMemoryLimit(bulkGC.limit)
			}
		})
	}
}
