//go:build !linux

package procmem

import "errors"

// Of is not measured on this platform: 0.
func Of(process, field string) int64 { return 0 }

// ResetPeak cannot reset the peak here.
func ResetPeak() error { return errors.New("procmem: no peak to reset on this platform") }
