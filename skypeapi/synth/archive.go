package synth

import (
	"context"
	"fmt"
	"strconv"

	"github.com/chatchannels/chatchannels/store"
)

// Source names the synthetic source in the archive.
const Source = "synth"

// Incoming is the n-th generated message as the store takes it.
func Incoming(m Message, n int) store.Incoming {
	return store.Incoming{
		Chat: m.Chat, Source: Source, Ref: strconv.Itoa(n),
		Author: m.Author, AuthorName: m.AuthorName, Time: m.Time, Type: "SAID", Body: m.Body,
	}
}

// Fill generates cfg.Messages messages into s in batches of batchSize,
// calling progress after each committed batch with the count so far.
func Fill(ctx context.Context, s *store.Store, cfg Config, batchSize int, progress func(done int)) (store.IngestResult, error) {
	g := New(cfg)
	var total store.IngestResult
	for _, c := range g.Chats() {
		if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: c.Name, Topic: c.Topic, Members: c.Members}); err != nil {
			return total, err
		}
	}
	batch := make([]store.Incoming, 0, batchSize)
	done := 0
	flush := func() error {
		res, err := s.Ingest(ctx, batch)
		if err != nil {
			return fmt.Errorf("synth: fill after %d messages: %w", done, err)
		}
		total.Add(res)
		done += len(batch)
		batch = batch[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	for n := 0; ; n++ {
		m, ok := g.Next()
		if !ok {
			break
		}
		batch = append(batch, Incoming(m, n))
		if len(batch) == batchSize {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return total, err
		}
	}
	return total, nil
}
