package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// TestPipelineEqualsIngest feeds the same synthetic messages through a
// pipeline and through plain Ingest batches: the archives hold the same
// messages under the same keys, and the counter saw every message.
func TestPipelineEqualsIngest(t *testing.T) {
	ctx := context.Background()
	cfg := synth.Config{Seed: 3, Messages: 3000}
	want := openDB(t, t.TempDir())
	if _, err := synth.Fill(ctx, want, cfg, 500, nil); err != nil {
		t.Fatal(err)
	}
	got := openDB(t, t.TempDir())
	var batches, extras int
	p := store.NewPipeline(ctx, got, 500, func(_ context.Context, batch []store.Incoming, ex []int) error {
		batches++
		for i, e := range ex {
			if batch[i].Ref != fmt.Sprint(e) {
				return fmt.Errorf("extra %d came back with message %s", e, batch[i].Ref)
			}
		}
		extras += len(ex)
		return nil
	})
	chats, msgs := synth.Generate(cfg)
	for _, c := range chats {
		if _, err := got.EnsureChat(ctx, store.ChatInfo{Name: c.Name, Topic: c.Topic, Members: c.Members}); err != nil {
			t.Fatal(err)
		}
	}
	for i, m := range msgs {
		if err := p.Add(synth.Incoming(m, i), i); err != nil {
			t.Fatal(err)
		}
	}
	res, err := p.Close()
	if err != nil || res.Added != len(msgs) {
		t.Fatalf("pipeline: %+v, %v", res, err)
	}
	if batches != 6 || extras != len(msgs) || got.Ingested() != int64(len(msgs)) {
		t.Errorf("%d batches, %d extras back, %d counted; want 6, %d, %d", batches, extras, got.Ingested(), len(msgs), len(msgs))
	}
	for _, c := range chats {
		if a, b := keys(t, want, c.Name), keys(t, got, c.Name); !slices.Equal(a, b) {
			t.Fatalf("chat %s: keys differ:\n%v\n%v", c.Name, a, b)
		}
	}
}

func keys(t *testing.T, s *store.Store, chat string) []string {
	var out []string
	for _, m := range allMessages(t, s, chat) {
		out = append(out, m.Key+" "+m.Author+" "+m.Body)
	}
	return out
}

// TestPipelineKeepsASightingTogether: the copies of one message (same
// reference, one after another) are never split between two batches.
func TestPipelineKeepsASightingTogether(t *testing.T) {
	s := openDB(t, t.TempDir())
	at := time.Date(2013, 7, 30, 21, 0, 0, 0, time.UTC)
	msg := func(ref, body string, edited bool) store.Incoming {
		m := store.Incoming{Chat: "#a/$b;1", Source: "export:a", Ref: ref, Author: "b", Time: at, Type: "SAID", Body: body}
		if edited {
			m.EditedBy, m.EditedAt = "b", at.Add(time.Minute)
		}
		return m
	}
	var sizes []int
	p := store.NewPipeline(context.Background(), s, 2, func(_ context.Context, batch []store.Incoming, _ []struct{}) error {
		sizes = append(sizes, len(batch))
		return nil
	})
	for _, m := range []store.Incoming{msg("1", "one", false), msg("2", "two, edited", true), msg("2", "two", false), msg("3", "three", false)} {
		if err := p.Add(m, struct{}{}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := p.Close()
	if err != nil || !slices.Equal(sizes, []int{3, 1}) || res.Added != 3 || res.Updated != 1 {
		t.Errorf("batches %v, %+v, %v; want [3 1], 3 added and 1 updated", sizes, res, err)
	}
}

// TestPipelineSkipsABadMessage: a message that cannot be archived is left
// out, counted and named with its reason; the rest goes in.
func TestPipelineSkipsABadMessage(t *testing.T) {
	s := openDB(t, t.TempDir())
	_, msgs := synth.Generate(synth.Config{Seed: 4, Messages: 50})
	p := store.NewPipeline[struct{}](context.Background(), s, 10, nil)
	for i, m := range msgs {
		in := synth.Incoming(m, i)
		if i == 25 {
			in.Author = ""
		}
		if err := p.Add(in, struct{}{}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := p.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped["message has no author"] != 1 || res.SkippedTotal() != 1 || len(res.SkippedNamed) != 1 ||
		!strings.Contains(res.SkippedNamed[0], "synth 25") || !strings.Contains(res.SkippedNamed[0], "no author") {
		t.Errorf("skipped %v %q, want the bad message named with its reason", res.Skipped, res.SkippedNamed)
	}
	if c, _ := s.Counts(context.Background()); c.Messages != 49 || res.Added != 49 {
		t.Errorf("%d messages archived (%d added), want the 49 good ones", c.Messages, res.Added)
	}
}

// TestPipelineCutsBatchesOfLongMessages: a batch of long messages is cut
// short of its size in messages, so that its memory stays bounded.
func TestPipelineCutsBatchesOfLongMessages(t *testing.T) {
	ctx := context.Background()
	s := openDB(t, t.TempDir())
	largest := 0
	p := store.NewPipeline(ctx, s, 1000, func(_ context.Context, batch []store.Incoming, _ []int) error {
		largest = max(largest, len(batch))
		return nil
	})
	body := strings.Repeat("long words ", 100_000) // 1.1 MB
	for i := range 20 {
		m := export(fmt.Sprint(i), "bob", t0.Add(time.Duration(i)*time.Minute), body)
		if err := p.Add(m, i); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := p.Close(); err != nil || res.Added != 20 {
		t.Fatalf("pipeline: %+v, %v", res, err)
	}
	if largest > 4 {
		t.Fatalf("a batch held %d messages of 1.1 MB; want a few MB at most", largest)
	}
}
