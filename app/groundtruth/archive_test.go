package groundtruth_test

import (
	"context"
	"fmt"

	"github.com/chatchannels/chatchannels/store"
)

// archived is everything an archive holds, read back through the store's API.
type archived struct {
	s     *store.Store
	chats []archivedChat
}

type archivedChat struct {
	store.Chat
	msgs []*archivedMsg
}

type archivedMsg struct {
	store.Message
	chat     int      // index in archived.chats
	earlier  []string // texts of its earlier versions, as the store lists them
	matched  bool
	expected int // index of the expectation it was matched to, when matched
}

// readArchive reads every chat, message and version.
func readArchive(ctx context.Context, s *store.Store) (*archived, error) {
	chats, err := s.Chats(ctx)
	if err != nil {
		return nil, err
	}
	a := &archived{s: s}
	for ci, c := range chats {
		msgs, err := s.ChatMessages(ctx, c.ID, 0, 1<<30)
		if err != nil {
			return nil, err
		}
		ac := archivedChat{Chat: c}
		for _, m := range msgs {
			vs, err := s.Versions(ctx, m.ID)
			if err != nil {
				return nil, err
			}
			am := &archivedMsg{Message: m, chat: ci}
			for _, v := range vs {
				am.earlier = append(am.earlier, v.Text)
			}
			ac.msgs = append(ac.msgs, am)
		}
		a.chats = append(a.chats, ac)
	}
	return a, nil
}

// describe names an archived chat for a reader.
func (c *archivedChat) describe() string {
	s := fmt.Sprintf("archive chat %q", c.Name)
	if c.Topic != "" {
		s += fmt.Sprintf(" (topic %q)", c.Topic)
	}
	return s + fmt.Sprintf(" with %d messages", len(c.msgs))
}

// sources lists the sources the store says saw a message.
func (a *archived) sources(m *archivedMsg) []string {
	if a.s == nil { // an archive made up by a test of the checks
		return nil
	}
	names, err := a.s.Sources(context.Background(), m.ID)
	if err != nil {
		return []string{err.Error()}
	}
	return names
}
