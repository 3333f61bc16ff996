package app_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		res, err := running.Search(context.Background(), "export", store.SearchOptions{})
		if err == nil && len(res.Hits) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the running Chat Channels's index never found the import (%v)", err)
		}
	}
}
