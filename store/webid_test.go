package store_test

import (
	"context"
	"testing"

	"github.com/chatchannels/chatchannels/store"
)

// Names that map to one web id (8:live:x/y and 8:live:x)y) become two
// chats with two readable web ids; the later one's has a suffix, and
// neither ever changes.
func TestCollidingWebIDs(t *testing.T) {
	ctx := context.Background()
	for _, order := range [][2]string{{"8:live:x)y", "8:live:x/y"}, {"8:live:x/y", "8:live:x)y"}} {
		s := openStore(t, t.TempDir())
		first, err := s.EnsureChat(ctx, store.ChatInfo{Name: order[0]})
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.EnsureChat(ctx, store.ChatInfo{Name: order[1]})
		if err != nil {
			t.Fatalf("%v: the second chat: %v", order, err)
		}
		ids := map[int64]string{first: "8:live:x)y", second: "8:live:x)y~2"}
		for id, webID := range ids {
			c, err := s.FindChat(ctx, webID)
			if err != nil || c.ID != id || c.WebID != webID {
				t.Errorf("%v: web id %s finds %+v (%v), want chat %d", order, webID, c, err, id)
			}
		}
		// The raw names: the one that is no other chat's web id finds its chat.
		if c, err := s.FindChat(ctx, "8:live:x/y"); err != nil || c.Name != "8:live:x/y" {
			t.Errorf("%v: the raw name 8:live:x/y finds %+v (%v)", order, c, err)
		}
		if c, err := s.FindChat(ctx, "8:live:x)y"); err != nil || c.ID != first {
			t.Errorf("%v: 8:live:x)y finds %+v (%v), want the chat whose web id it is", order, c, err)
		}
		// A third, and the same chats again: no web id changes.
		if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: "#live:x/y"}); err != nil {
			t.Fatal(err)
		}
		for _, name := range order {
			if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: name, Topic: "again"}); err != nil {
				t.Fatal(err)
			}
		}
		chats, err := s.Chats(ctx)
		if err != nil || len(chats) != 3 {
			t.Fatalf("%v: chats %+v (%v)", order, chats, err)
		}
		for _, c := range chats {
			if want, ok := ids[c.ID]; ok && c.WebID != want {
				t.Errorf("%v: chat %s now has web id %s, had %s", order, c.Name, c.WebID, want)
			}
		}
	}
}
