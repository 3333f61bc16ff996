package app

// ProcStatusOf reads a memory figure of another process, for the
// benchmarks that watch chatchannels run.
var ProcStatusOf = procStatusOf
