package collector

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/store"
)

// session is the collector's work over one attached connection. Message ids
// are only valid while this Skype runs, so everything keyed by them lives
// here and dies with the connection.
type session struct {
	c      *Collector
	client *skypeapi.Client
	user   string // the account Skype runs as (CURRENTUSERHANDLE)
	source string // live:<user>

	seen   map[string]bool     // message ids archived in this session
	ranks  map[rankKey][]int64 // ids by chat, author and second, ascending: a message's rank is its ContentRef n
	synced map[string]bool     // picked chats whose history is copied
	listed []string            // the chat names Skype listed in this session
	named  map[string]bool     // people whose names were read in this session
}

type rankKey struct {
	chat, author string
	sec          int64
}

// listChats records every chat Skype knows, so the user can pick among them.
func (s *session) listChats(ctx context.Context) error {
	names, err := s.client.ChatNames(ctx)
	if err != nil {
		return fmt.Errorf("list chats: %w", err)
	}
	var people []string
	for _, name := range names {
		chat, err := s.client.Chat(ctx, name)
		var serr *skypeapi.Error
		if errors.As(err, &serr) {
			slog.Warn("skype cannot serve a chat", "chat", name, "err", err)
			continue
		}
		if err != nil {
			return fmt.Errorf("read chat %s: %w", name, err)
		}
		if _, err := s.c.Store.EnsureChat(ctx, chatInfo(s.user, chat)); err != nil {
			return err
		}
		people = append(append(people, chat.Members...), chat.DialogPartner)
	}
	s.listed = names
	return s.namePeople(ctx, append(people, s.user))
}

// namePeople records the names Skype knows the chats' people by
// (FULLNAME, and DISPLAYNAME, the user's own name for them), each person
// once a session.
func (s *session) namePeople(ctx context.Context, handles []string) error {
	var people []store.Person
	for _, h := range handles {
		if h == "" || s.named[h] {
			continue
		}
		s.named[h] = true
		u, err := s.client.User(ctx, h)
		var serr *skypeapi.Error
		if errors.As(err, &serr) {
			continue // Skype knows nobody by that handle
		}
		if err != nil {
			return fmt.Errorf("read user %s: %w", h, err)
		}
		people = append(people, store.Person{Handle: h, ContactName: u.DisplayName, FullName: u.FullName, Owner: h == s.user})
	}
	return s.c.Store.SetPeople(ctx, people)
}

// chatInfo is what the archive records of a chat Skype, running as user,
// describes. A dialog is also known by the pair of its two people
// (store.Dialog), the name exports and main.db files give it; Skype keeps
// one dialog under several names, which the archive thereby merges into one
// chat.
func chatInfo(user string, c skypeapi.Chat) store.ChatInfo {
	info := store.ChatInfo{Name: c.Name, Topic: c.Topic, Members: c.Members}
	if (c.Type == "DIALOG" || c.Type == "LEGACY_DIALOG") && c.DialogPartner != "" {
		info.Aliases = []string{store.Dialog(user, c.DialogPartner, c.Name)}
	}
	return info
}

// follow copies the picked chats and then applies what Skype reports, until
// the connection ends.
func (s *session) follow(ctx context.Context) error {
	if err := s.syncPicked(ctx); err != nil {
		return err
	}
	ping := time.NewTicker(s.c.Options.Ping)
	defer ping.Stop()
	rescan := time.NewTicker(s.c.Options.Rescan)
	defer rescan.Stop()
	notes := s.client.Notifications()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case m, ok := <-notes:
			if !ok {
				return skypeapi.ErrGone
			}
			if err := s.apply(ctx, m); err != nil {
				return err
			}
		case <-ping.C:
			if err := s.client.Ping(ctx); err != nil {
				return fmt.Errorf("ping: %w", err)
			}
		case <-rescan.C:
			if err := s.syncPicked(ctx); err != nil {
				return err
			}
		}
	}
}

// apply acts on one notification.
func (s *session) apply(ctx context.Context, m skypeapi.Message) error {
	switch {
	case m.Object == "CHATMESSAGE" && m.Prop == "STATUS" && (m.Value == "RECEIVED" || m.Value == "READ" || m.Value == "SENT"):
		if s.seen[m.ID] {
			return nil
		}
		return s.fetchAndStore(ctx, []string{m.ID}, false)
	case m.Object == "CHATMESSAGE" && m.Prop == "BODY" && s.seen[m.ID]:
		return s.fetchAndStore(ctx, []string{m.ID}, true) // an edit: EDITED_TIMESTAMP and EDITED_BY came first
	case m.Object == "CHAT" && m.Prop == "ACTIVITY_TIMESTAMP" && s.synced[m.ID]:
		return s.catchUp(ctx, m.ID) // a safety net: Skype sometimes stops sending STATUS (spec 4.3)
	case m.Object == "ERROR" && m.Err != nil && m.Err.Code == skypeapi.ErrAccessDenied:
		return fmt.Errorf("skype withdrew access: %w", m.Err)
	}
	return nil
}

// syncPicked copies the history of every picked chat not yet copied in this
// session.
func (s *session) syncPicked(ctx context.Context) error {
	names, err := s.pickedNames(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		if s.synced[name] {
			continue
		}
		s.c.setState(func(st *State) { st.Syncing = name })
		err := s.catchUp(ctx, name)
		s.c.setState(func(st *State) { st.Syncing = "" })
		if err != nil {
			return err
		}
	}
	return nil
}

// pickedNames lists the Skype names of the picked chats: each one's own
// name, and the other names Skype listed that the archive knows as the same
// chat (the several names of one dialog).
func (s *session) pickedNames(ctx context.Context) ([]string, error) {
	chats, err := s.c.Store.Chats(ctx)
	if err != nil {
		return nil, err
	}
	picked := map[int64]bool{}
	var names []string
	for _, c := range chats {
		if c.Collected {
			picked[c.ID] = true
			names = append(names, c.Name)
		}
	}
	for _, name := range s.listed {
		if slices.Contains(names, name) {
			continue
		}
		c, err := s.c.Store.FindChat(ctx, name)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if err == nil && picked[c.ID] {
			names = append(names, name)
		}
	}
	return names, nil
}

// catchUp archives every message of a chat not yet seen in this session. A
// chat Skype cannot serve is marked with the reason rather than dropped.
func (s *session) catchUp(ctx context.Context, chat string) error {
	ids, err := s.client.ChatMessageIDs(ctx, chat, false)
	var serr *skypeapi.Error
	if errors.As(err, &serr) {
		s.synced[chat] = true // nothing to follow
		return s.c.Store.SetProblem(ctx, chat, "Skype cannot serve this chat ("+serr.Text+"); cloud chats are not visible to the Desktop API")
	}
	if err != nil {
		return fmt.Errorf("list messages of %s: %w", chat, err)
	}
	if err := s.c.Store.SetProblem(ctx, chat, ""); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	var fresh []string
	for _, id := range ids {
		if !s.seen[id] {
			fresh = append(fresh, id)
		}
	}
	// In id order, which is the order Skype stored them: same-second
	// messages of one author then get the same ranks in every session.
	slices.SortFunc(fresh, func(a, b string) int { return cmp.Compare(idNumber(a), idNumber(b)) })
	for start := 0; start < len(fresh); start += s.c.Options.IngestBatch {
		end := min(start+s.c.Options.IngestBatch, len(fresh))
		if err := s.fetchAndStore(ctx, fresh[start:end], false); err != nil {
			return err
		}
	}
	s.synced[chat] = true
	return nil
}

// fetchAndStore reads messages (several at once) and archives those of
// picked chats in one transaction. Messages that vanished meanwhile are
// skipped. With again, messages seen before are read anew (edits).
func (s *session) fetchAndStore(ctx context.Context, ids []string, again bool) error {
	msgs := make([]skypeapi.ChatMessage, len(ids))
	errs := make([]error, len(ids))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(s.c.Options.Fetchers, len(ids)) {
		wg.Go(func() {
			for i := range next {
				msgs[i], errs[i] = s.client.ChatMessage(ctx, ids[i])
			}
		})
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()

	picked := map[string]bool{}
	batch := make([]store.Incoming, 0, len(ids))
	for i, m := range msgs {
		var serr *skypeapi.Error
		if errors.As(errs[i], &serr) && (serr.Code == skypeapi.ErrInvalidMessage || serr.Code == skypeapi.ErrUnknownMessage) {
			continue
		}
		if errs[i] != nil {
			return fmt.Errorf("read message %s: %w", ids[i], errs[i])
		}
		if s.seen[m.ID] && !again {
			continue
		}
		ok, known := picked[m.Chat]
		if !known {
			c, err := s.c.Store.FindChat(ctx, m.Chat)
			ok = err == nil && c.Collected
			picked[m.Chat] = ok
		}
		if !ok {
			continue
		}
		s.seen[m.ID] = true
		batch = append(batch, s.incoming(m))
	}
	if len(batch) == 0 {
		return nil
	}
	_, err := s.c.Store.Ingest(ctx, batch)
	return err
}

// incoming turns a Skype message into what the store takes. Its reference
// is its author, second and rank among that author's messages of that
// second in the chat, which survives Skype handing out new ids.
func (s *session) incoming(m skypeapi.ChatMessage) store.Incoming {
	key := rankKey{m.Chat, m.FromHandle, m.Time.Unix()}
	id := idNumber(m.ID)
	ids := s.ranks[key]
	i, found := slices.BinarySearch(ids, id)
	if !found {
		ids = slices.Insert(ids, i, id)
		s.ranks[key] = ids
	}
	return store.Incoming{
		Chat: m.Chat, Source: s.source, Ref: store.ContentRef(m.Chat, m.FromHandle, m.Time, i+1),
		Author: m.FromHandle, AuthorName: m.FromDispname, Time: m.Time, Type: m.Type, Body: m.Body,
		EditedBy: m.EditedBy, EditedAt: m.EditedAt, Deleted: !m.EditedAt.IsZero() && m.Body == "",
	}
}

func idNumber(id string) int64 {
	n, _ := strconv.ParseInt(id, 10, 64)
	return n
}
