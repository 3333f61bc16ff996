package feed

import (
	"fmt"
	"net/url"
	"strconv"
)

// intParam reads the whole-number query parameter name: def when absent
// or empty, else a number from lo to hi. Anything else (not a number, out
// of range, too large for an int) is an error worded for whoever wrote
// the address, which handlers answer with 400.
func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("%s: a number from %d to %d", name, lo, hi)
	}
	return n, nil
}
