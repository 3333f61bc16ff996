package app_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestChatsAddResolvesNames: a chat is named by its name, web id, alias or
// title; a name no chat has is an error that offers the close ones and
// makes no chat.
func TestChatsAddResolvesNames(t *testing.T) {
	dir := archive(t)
	collected := func() (bool, int) {
		t.Helper()
		out, _, _ := runMain(t, "--data", dir, "chats", "--json")
		var chats []struct{ Collected bool }
		if err := json.Unmarshal([]byte(out), &chats); err != nil || len(chats) == 0 {
			t.Fatalf("chats --json: %q %v", out, err)
		}
		return chats[0].Collected, len(chats)
	}
	out, errOut, code := runMain(t, "--data", dir, "chats", "add", "project x")
	if code != 0 || out != "collecting Project X ((alice)$6a072ce5537c4044)\n" {
		t.Fatalf("add by title: exit %d, %q %q", code, out, errOut)
	}
	if on, n := collected(); !on || n != 1 {
		t.Errorf("after add by title: collected %v, %d chats", on, n)
	}
	out, _, code = runMain(t, "--data", dir, "chats", "remove", "Project X")
	if code != 0 || !strings.HasPrefix(out, "no longer collecting Project X") {
		t.Errorf("remove by title: %d %q", code, out)
	}
	if on, _ := collected(); on {
		t.Error("still collected after remove")
	}

	out, errOut, code = runMain(t, "--data", dir, "chats", "add", "Projekt X")
	if code != 1 || out != "" ||
		errOut != `chatchannels: chats add Projekt X: no chat is named or titled "Projekt X"; did you mean "Project X" ((alice)$6a072ce5537c4044)`+"\n" {
		t.Errorf("a typo: exit %d, %q %q; want an error offering Project X", code, out, errOut)
	}
	if on, n := collected(); on || n != 1 {
		t.Errorf("after a typo: collected %v, %d chats; want nothing changed", on, n)
	}
}
