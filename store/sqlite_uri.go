package store

import (
	"path/filepath"
	"strings"
)

// uriEscaper escapes what a SQLite URI filename would otherwise read as
// syntax: '%' starts an escape, '?' the parameters, '#' a fragment.
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// FileURI is path as a SQLite URI filename ("file:…", for a DSN that goes
// on with "?" and parameters), so that a folder named "live#3abob" or
// "50%?" names that folder and not another.
func FileURI(path string) string {
	return "file:" + uriEscaper.Replace(filepath.ToSlash(path))
}
