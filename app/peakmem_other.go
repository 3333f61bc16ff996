//go:build !linux

package app

// peakMemory is not measured on this platform.
func peakMemory() int64 { return 0 }

func procStatus(string) int64 { return 0 }
