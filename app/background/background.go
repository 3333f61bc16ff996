// Package background lowers the process's scheduling priority, for work
// that runs beside what the user waits for: an import from a terminal while
// Chat Channels serves pages from the same archive, say. The operating
// system then gives the cores to the server first and the rest to the
// import; on an otherwise idle machine the import runs as fast as before.
package background

// LowerPriority makes the whole process run below normal priority: on
// Linux every thread gets niceness Nice (threads made later inherit it), on
// other Unix systems the process does, and on Windows the process joins
// BELOW_NORMAL_PRIORITY_CLASS. It never raises a priority.
func LowerPriority() error { return lowerPriority() }

// Nice is the niceness LowerPriority gives on Unix: a process at 10 gets
// about a tenth of a core that a process at 0 wants too.
const Nice = 10
