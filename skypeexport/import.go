package skypeexport

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// importBatch is how many messages go into one store transaction.
const importBatch = 5000

// Report is what an import did.
type Report struct {
	store.IngestResult
	MediaReport
	Reactions     int // reactions new to the archive
	Conversations int // conversations imported
	SkippedSystem int // messages of system pseudo-conversations (48:), left out
	SkippedBlank  int // empty server-generated messages, left out
	SkippedNoFrom int // messages without a sender, left out
}

// Import archives every message of the export at path into s. Importing the
// same export again changes nothing; an export and another source of the
// same chat merge (the store's identity rules). On an error the batches
// committed before it stay (each is whole); importing again resumes.
// Reactions are kept with their messages, and the shared files of a tar's
// media/ folder are copied into the archive's (see copyMedia).
func Import(ctx context.Context, s *store.Store, path string, progress func(messages int)) (Report, error) {
	e, err := Open(path)
	if err != nil {
		return Report{}, err
	}
	defer e.Close()
	source := "export:" + Handle(e.UserID)
	var rep Report
	var batch []store.Incoming
	var reactions []store.RefReactions
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := s.Ingest(ctx, batch)
		if err != nil {
			return err
		}
		rep.Add(res)
		batch = batch[:0]
		if len(reactions) > 0 {
			n, err := s.AddReactions(ctx, source, reactions)
			if err != nil {
				return err
			}
			rep.Reactions += n
			reactions = reactions[:0]
		}
		if progress != nil {
			progress(rep.Added + rep.Merged + rep.Updated + rep.Unchanged)
		}
		return nil
	}
	chats := map[string]string{} // conversation id → chat name recorded
	err = e.Walk(func(c Conversation, m Message) error {
		switch {
		case c.Kind == KindSystem:
			rep.SkippedSystem++
			return nil
		case m.ServerGenerated && m.Content == "" && m.DeleteTime.IsZero():
			rep.SkippedBlank++
			return nil
		case m.Author == "":
			rep.SkippedNoFrom++
			return nil
		}
		name, ok := chats[c.ID]
		if !ok {
			var err error
			if name, err = recordChat(ctx, s, c); err != nil {
				return err
			}
			chats[c.ID] = name
			rep.Conversations++
		}
		in := incoming(name, source, m)
		batch = append(batch, in)
		if rs := storeReactions(m.Reactions); len(rs) > 0 {
			reactions = append(reactions, store.RefReactions{Ref: in.Ref, Reactions: rs})
		}
		if len(batch) == importBatch {
			return flush()
		}
		return nil
	}, nil)
	if err == nil {
		err = flush()
	}
	if err != nil {
		return rep, fmt.Errorf("skypeexport: import %s: %w", path, err)
	}
	if e.FromTar && e.HasMedia {
		if err := copyMedia(ctx, s, path, &rep.MediaReport); err != nil {
			return rep, fmt.Errorf("skypeexport: import %s: media: %w", path, err)
		}
	}
	return rep, nil
}

// storeReactions lists an export message's reactions for the store, one per
// person and emotion, leaving out any without either.
func storeReactions(rs []Reaction) []store.Reaction {
	var out []store.Reaction
	for _, r := range rs {
		for _, u := range r.Users {
			if user := Handle(u.MRI); r.Key != "" && user != "" {
				out = append(out, store.Reaction{Emotion: r.Key, User: user, Time: u.Time})
			}
		}
	}
	return out
}

// recordChat records a conversation as a chat. A migrated P2P group is
// archived under its legacy Desktop API name, so that it is one chat with
// what the live API collected; the export's id becomes an alias.
func recordChat(ctx context.Context, s *store.Store, c Conversation) (string, error) {
	info := store.ChatInfo{Name: c.ID, Topic: c.Topic}
	if c.LegacyName != "" {
		info = store.ChatInfo{Name: c.LegacyName, Aliases: []string{c.ID}, Topic: c.Topic}
	}
	if info.Topic == "" && c.Kind == KindGroup {
		info.Topic = c.DisplayName
	}
	for _, m := range c.Members {
		info.Members = append(info.Members, Handle(m))
	}
	if _, err := s.EnsureChat(ctx, info); err != nil {
		return "", err
	}
	return info.Name, nil
}

// incoming maps an export message to what the store takes. Its reference is
// the author and the original time to the millisecond, which an edited
// message keeps in every copy the export holds of it (spec 1.8), so the
// copies become one message with its versions.
func incoming(chat, source string, m Message) store.Incoming {
	typ := m.Type
	if typ == "RichText" || typ == "Text" || typ == "RichText/Html" {
		typ = "SAID"
	}
	in := store.Incoming{
		Chat: chat, Source: source, Ref: m.Author + "@" + strconv.FormatInt(m.Time.UnixMilli(), 10),
		Author: m.Author, AuthorName: m.DisplayName, Time: m.Time, Precise: true, Type: typ, Body: m.Content,
	}
	if !m.EditTime.IsZero() {
		in.EditedBy, in.EditedAt = m.Author, m.EditTime
	}
	if !m.DeleteTime.IsZero() || (!m.EditTime.IsZero() && m.Content == "") {
		in.Deleted = true
		in.EditedBy = m.Author
		if !m.DeleteTime.IsZero() {
			in.EditedAt = m.DeleteTime
		}
	}
	return in
}

// MediaAndReactions says what the import did with shared files and
// reactions, as "; "-led clauses to append to a summary ("" when nothing).
func (r Report) MediaAndReactions() string {
	var b strings.Builder
	if n := r.MediaCopied + r.MediaKept; n > 0 {
		fmt.Fprintf(&b, "; %d media files copied, %d already archived", r.MediaCopied, r.MediaKept)
	}
	if r.MediaSkipped > 0 {
		fmt.Fprintf(&b, "; %d media entries not understood, left out", r.MediaSkipped)
	}
	if r.MediaDamage != nil {
		fmt.Fprintf(&b, "; media incomplete: %v", r.MediaDamage)
	}
	if r.Reactions > 0 {
		fmt.Fprintf(&b, "; %d reactions added", r.Reactions)
	}
	return b.String()
}
