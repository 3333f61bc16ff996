package app

import (
	"errors"
	"slices"
	"strings"

	"github.com/chatchannels/chatchannels/store/termsafe"
)

// packagePrefixes are the names the project's packages lead their errors
// with, for the log. A person reading a command's error needs what failed
// and why, once: "import x.tar: at byte 60: unexpected EOF", not
// "skypeexport: import x.tar: skypeexport: x.tar: at byte 60: …".
var packagePrefixes = []string{"store", "skypeexport", "maindb", "feed", "setup", "instance", "collector", "skypeapi", "synth"}

// describeError is an error as the command line prints it: on one line,
// safe for a terminal, without the packages' own prefixes and without a
// part that only repeats the one before it (the file named twice, or
// "reindex: reindex DIR: …").
func describeError(err error) string {
	var usage *usageError
	if errors.As(err, &usage) {
		return termsafe.Line(oneLine(err))
	}
	parts := strings.Split(oneLine(err), ": ")
	var kept []string
	for _, p := range parts {
		switch {
		case slices.Contains(packagePrefixes, p):
		case len(kept) > 0 && (p == kept[len(kept)-1] || strings.HasSuffix(kept[len(kept)-1], " "+p)):
			// "import x.tar: x.tar" or "import x.tar: import x.tar"
		case len(kept) > 0 && strings.HasPrefix(p, kept[len(kept)-1]+" "):
			kept[len(kept)-1] = p // "reindex: reindex DIR"
		default:
			kept = append(kept, p)
		}
	}
	return termsafe.Line(strings.Join(kept, ": "))
}

// oneLine keeps an error message to one line, as the command line promises.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
