package tray

import (
	"context"

	"github.com/chatchannels/chatchannels/store"
)

// countPicked counts the new messages of the picked chats among chats
// (the others are not shown with counts, and counting costs).
func countPicked(ctx context.Context, s *store.Store, chats []store.Chat) error {
	var picked []store.Chat
	for _, c := range chats {
		if c.Collected {
			picked = append(picked, c)
		}
	}
	if err := s.CountUnread(ctx, picked); err != nil {
		return err
	}
	unread := map[int64]int{}
	for _, c := range picked {
		unread[c.ID] = c.Unread
	}
	for i := range chats {
		chats[i].Unread = unread[chats[i].ID]
	}
	return nil
}
