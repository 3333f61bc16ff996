package storetest

import (
	"os"
	"strings"
	"testing"
)

// FolderNames lists the names in dir, in order, with sep between them.
func FolderNames(t testing.TB, dir, sep string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, sep)
}
