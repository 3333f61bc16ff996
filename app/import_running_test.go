package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// TestImportWhileTheIndexIsHeld: a running Chat Channels holds the search
// index; the import still archives the messages, and the running one's
// index picks them up.
func TestImportWhileTheIndexIsHeld(t *testing.T) {
	dir := t.TempDir()
	running, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer running.Close()
	export := filepath.Join(t.TempDir(), "messages.json")
	os.WriteFile(export, []byte(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "MessageList": [
		{"id": "1", "originalarrivaltime": "2013-07-30T21:26:28Z", "messagetype": "RichText", "from": "8:bob", "content": "hello from the export"}]}]}`), 0o600)
	out, errOut, code := runMain(t, "--data", dir, "import", export)
	if code != 0 || !strings.Contains(out, "1 messages added") || !strings.Contains(errOut, "the running Chat Channels updates its search index") {
		t.Fatalf("import (%d): %s %s", code, out, errOut)
	}
	// The running one notices on its own, as a running tray must.
	eventually(t, "the running Chat Channels's index to find the import", func() bool {
		res, err := running.Search(context.Background(), "export", store.SearchOptions{})
		return err == nil && len(res.Hits) == 1
	})
}
