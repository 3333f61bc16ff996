package skypeexport

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// importBatch is how many messages go into one store transaction.
const importBatch = 5000

// Report is what an import did. Every message read is accounted for: Read
// is Added + Merged + Updated + Unchanged + the skipped ones.
type Report struct {
	store.IngestResult
	MediaReport
	Owner         string // the account the export belongs to (its userId without "8:")
	Read          int    // messages read
	Reactions     int    // reactions new to the archive
	Conversations int    // conversations imported
	SkippedSystem int    // messages of system pseudo-conversations (48:), left out
	SkippedBlank  int    // empty server-generated messages, left out
	SkippedNoFrom int    // messages without a sender, left out
	MediaUnread   bool   // the tar has shared files, left out as it was read from a stream (ImportReader)

	// SkippedTypes counts messages of types left out (see ArchiveType), by the reason.
	SkippedTypes map[string]int

	// MergedWith counts the messages merged with ones already archived, by
	// the source that archived them first (see store.Store.MergedWith).
	MergedWith map[string]int
}

// SkippedReasons counts the messages left out, by the reason (only reasons
// that occurred).
func (r Report) SkippedReasons() map[string]int {
	reasons := map[string]int{}
	for reason, n := range map[string]int{"in system conversations": r.SkippedSystem, "empty server notices": r.SkippedBlank,
		"without a sender": r.SkippedNoFrom} {
		if n > 0 {
			reasons[reason] += n
		}
	}
	for reason, n := range r.SkippedTypes {
		if n > 0 {
			reasons[reason] += n
		}
	}
	for reason, n := range r.IngestResult.Skipped { // what the store could not archive
		reasons[reason] += n
	}
	return reasons
}

// Import archives every message of the export at path into s, reporting
// progress (when not nil) as bytes of the file read so far and the file's
// size. Importing the same export again changes nothing; an export and
// another source of the same chat merge (the store's identity rules).
// Batches are parsed while the previous one is written and committed as
// they go, each whole (the copies of an edited message are never split):
// on an error the batches handed over before it stay, the one being read
// is dropped, and importing again (the mended file) resumes without
// duplicates. Reactions are kept with their messages, and the shared files
// of a tar's media/ folder are copied into the archive's (see copyMedia).
func Import(ctx context.Context, s *store.Store, path string, progress func(done, total int64)) (Report, error) {
	e, err := Open(path)
	if err != nil {
		return Report{}, err
	}
	defer e.Close()
	owner, err := exportOwner(e, path)
	if err != nil {
		return Report{}, fmt.Errorf("skypeexport: import %s: %w", path, err)
	}
	position := progressOf(e)
	rep, err := walkExport(ctx, s, e, owner, position, progress)
	if err != nil {
		return rep, fmt.Errorf("skypeexport: import %s: %w", path, err)
	}
	if e.FromTar && e.HasMedia {
		if err := copyMedia(ctx, s, path, &rep.MediaReport); err != nil {
			return rep, fmt.Errorf("skypeexport: import %s: media: %w", path, err)
		}
	}
	if dir := filepath.Join(filepath.Dir(path), "media"); !e.FromTar && isDir(dir) { // an unpacked export
		if err := copyMediaDir(ctx, s, dir, &rep.MediaReport); err != nil {
			return rep, fmt.Errorf("skypeexport: import %s: media: %w", dir, err)
		}
	}
	if progress != nil {
		_, total := position()
		progress(total, total)
	}
	return rep, nil
}

// ImportReader archives the export read from r as Import does, r read
// once, in order (standard input, say): a tar, messages.json, or either
// gzip-compressed. Its shared files are not copied, as that needs the tar
// again: MediaUnread reports a tar that has some. progress (when not nil)
// hears the bytes read so far, the total unknown (0). name is used in
// errors.
func ImportReader(ctx context.Context, s *store.Store, r io.Reader, name string, progress func(done, total int64)) (Report, error) {
	cr := &countingReader{r: r}
	e, err := newReader(cr, name)
	if err != nil {
		return Report{}, err
	}
	// The stream is read once: an owner named after the conversations
	// comes too late for naming dialogs (exportOwner reads such a file twice).
	rep, err := walkExport(ctx, s, e, Handle(e.UserID), func() (int64, int64) { return cr.n, 0 }, progress)
	rep.MediaUnread = e.HasMedia
	if err != nil {
		return rep, fmt.Errorf("skypeexport: import %s: %w", name, err)
	}
	if progress != nil {
		progress(cr.n, 0)
	}
	return rep, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// walkExport archives the messages of an opened export of owner's,
// reporting position() to progress as it goes.
func walkExport(ctx context.Context, s *store.Store, e *Export, owner string, position func() (done, total int64), progress func(done, total int64)) (Report, error) {
	source := store.SourceName("export", owner)
	rep := Report{Owner: owner}
	before, err := s.MergedWith(ctx, source)
	if err != nil {
		return rep, err
	}
	reactions := 0
	p := store.NewPipeline(ctx, s, importBatch, func(ctx context.Context, batch []store.Incoming, rs [][]store.Reaction) error {
		var list []store.RefReactions
		for i, r := range rs {
			if len(r) > 0 {
				list = append(list, store.RefReactions{Ref: batch[i].Ref, Reactions: r})
			}
		}
		if len(list) == 0 {
			return nil
		}
		n, err := s.AddReactions(ctx, source, list)
		reactions += n
		return err
	})
	chats := map[string]string{} // conversation id → chat name recorded
	var refs refMaker
	err = e.Walk(func(c Conversation, m Message) error {
		if rep.Read++; progress != nil && rep.Read%1024 == 0 {
			progress(position())
		}
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
		if _, skip := ArchiveType(m); skip != "" {
			if rep.SkippedTypes == nil {
				rep.SkippedTypes = map[string]int{}
			}
			rep.SkippedTypes[skip]++
			return nil
		}
		name, ok := chats[c.ID]
		if !ok {
			var err error
			if name, err = recordChat(ctx, s, owner, c); err != nil {
				return err
			}
			chats[c.ID] = name
			rep.Conversations++
		}
		in := incoming(name, source, m)
		in.Ref = refs.ref(c.ID, m)
		return p.Add(in, storeReactions(m.Reactions))
	}, func(c Conversation) error {
		if name, ok := chats[c.ID]; ok { // a conversation without messages archived is no chat
			return noteConversation(ctx, s, name, c)
		}
		return nil
	})
	var res store.IngestResult
	if err != nil {
		res, _ = p.Abandon()
	} else {
		res, err = p.Close()
	}
	rep.Add(res)
	rep.Reactions += reactions
	if err == nil {
		rep.MergedWith, err = s.MergedSince(ctx, source, before)
	}
	return rep, err
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

// recordChat records a conversation of owner's export as a chat. A
// migrated P2P group is archived under its legacy Desktop API name, so that
// it is one chat with what the live API collected; the export's id becomes
// an alias. A dialog ("8:bob", a bot's "28:…") is named by its two people,
// owner and partner (store.Dialog): its id means "bob and the owner" and
// names another chat in another account's export.
func recordChat(ctx context.Context, s *store.Store, owner string, c Conversation) (string, error) {
	info := store.ChatInfo{Name: c.ID, Topic: c.Topic}
	partner, dialog := store.RelativeDialog(c.ID)
	switch {
	case c.LegacyName != "":
		info = store.ChatInfo{Name: c.LegacyName, Aliases: []string{c.ID}, Topic: c.Topic}
	case dialog:
		info.Name = store.Dialog(owner, partner)
	}
	if info.Topic == "" && c.Kind == KindGroup {
		info.Topic = c.DisplayName
	}
	for _, m := range c.Members {
		info.Members = append(info.Members, Handle(m))
	}
	if dialog && len(info.Members) == 0 && owner != "" {
		info.Members = []string{owner, partner}
	}
	if _, err := s.EnsureChat(ctx, info); err != nil {
		return "", err
	}
	return info.Name, nil
}

// noteConversation records what a conversation, read whole, tells beyond
// its messages: how far the owner had read it, and the name the owner
// knew a dialog's partner by (its displayName).
func noteConversation(ctx context.Context, s *store.Store, chat string, c Conversation) error {
	if partner, dialog := store.RelativeDialog(c.ID); dialog && c.DisplayName != "" {
		if err := s.SetPeople(ctx, []store.Person{{Handle: partner, ContactName: c.DisplayName}}); err != nil {
			return err
		}
	}
	return s.SeedReadPosition(ctx, chat, c.ReadHorizon)
}

// incoming maps an export message to what the store takes, with the
// reference refMaker gives the first message of its author and millisecond.
func incoming(chat, source string, m Message) store.Incoming {
	typ, _ := ArchiveType(m)
	in := store.Incoming{
		Chat: chat, Source: source, Ref: baseRef(m),
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
	if r.MediaUnread {
		b.WriteString("; its media files are not copied from a stream (import the file itself for them)")
	}
	if r.MediaSkipped > 0 {
		fmt.Fprintf(&b, "; %d media entries not understood, left out", r.MediaSkipped)
	}
	if r.MediaLinks > 0 {
		fmt.Fprintf(&b, "; %d hard links in media/ left out (a link holds no bytes; the file it names is copied as itself)", r.MediaLinks)
	}
	if r.MediaDamage != nil {
		fmt.Fprintf(&b, "; media incomplete: %v", r.MediaDamage)
	}
	if r.Reactions > 0 {
		fmt.Fprintf(&b, "; %d reactions added", r.Reactions)
	}
	return b.String()
}

// isDir reports whether path is a folder (not a link to one).
func isDir(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.IsDir()
}
