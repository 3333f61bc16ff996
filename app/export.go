package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi/skypeexport"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

var exportCommand = &command{
	name:    "export",
	summary: "write the archive, or a part of it, as files: html pages, txt, csv, json, or a Skype messages.json",
	details: `--format is one of:
  html   a page per chat in the folder --out names ("Project X.html"), which
         reads like the chat's page in the web view and opens offline in any
         browser: no script, nothing fetched. Pictures up to 128 KiB are
         embedded; larger ones and other kept files are copied beside it
         ("Project X_files/") and linked
  txt    the plain log people paste: "[2013-07-30 21:27] Bob: need to know …",
         in local time, a heading per chat, further lines of a message indented
  csv    a row per message (RFC 4180, UTF-8 with a byte order mark): chat, time
         (UTC, ISO 8601), author, author_name, text, edited, deleted, key,
         permalink; a cell starting with = + - @ gets a leading ' so that
         spreadsheets do not run it as a formula
  json   the documented JSON of the archive, versioned; its JSON Schema is
         store/export/schema.json in the sources (see the README)
  skype  a Skype export's messages.json, which 'chatchannels import' reads back

The filters compose: --chat (repeat it for more chats; a name, web id, alias or
title), --from and --to (2013, 2013-07 or 2013-07-30, UTC; --to includes the
whole day, month or year it names), --author (a handle or display name) and
--query (the syntax of search; it needs the search index, which a running Chat
Channels keeps: quit it first). Without --out the export goes to standard
output (html needs --out: a folder); with it, to the file (or the folder's
files), which appear only once complete (an interrupted export leaves nothing
under their names). What was written goes to standard error.`,
	examples: []string{
		"export --format html --out exported",
		"export --format txt --chat 'Project X' --from 2013-07 --to 2013-08",
		"export --format csv --author bob --out bob.csv",
		"export --format json --query 'release -friday' --out release.json",
		"export --format skype --out messages.json",
	},
	define: func(fs *flag.FlagSet) runFunc {
		var o exportOptions
		fs.StringVar(&o.format, "format", "", "what to write: `FORMAT` is html, txt, csv, json or skype")
		fs.Var((*stringList)(&o.chats), "chat", "only the chat `NAME` (a name, web id, alias or title); repeat for more")
		fs.StringVar(&o.from, "from", "", "only messages sent from `DATE` on: 2013, 2013-07 or 2013-07-30 (UTC)")
		fs.StringVar(&o.to, "to", "", "only messages sent up to `DATE`, all of it: 2013, 2013-07 or 2013-07-30 (UTC)")
		fs.StringVar(&o.author, "author", "", "only messages by `WHO`: a handle or display name")
		fs.StringVar(&o.query, "query", "", "only messages that match the search `Q` (see help search)")
		fs.StringVar(&o.out, "out", "", "write to the file `PATH` instead of standard output (html: a folder)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected %q: export takes only flags", args[0])
			}
			return runExport(ctx, e, o)
		}
	},
}

// exportOptions are export's flags.
type exportOptions struct {
	format, from, to, author, query, out string
	chats                                []string
}

// exportFormats are the formats --format takes, in the order help names
// them, each with its writer: to one file (write), or to a folder of a
// file per chat (folder).
var exportFormats = []struct {
	name   string
	write  func(io.Writer) export.Writer
	folder func(context.Context, *store.Store, feed.ExportFolder) export.Writer
}{
	{name: "html", folder: feed.NewHTMLExport},
	{name: "txt", write: func(w io.Writer) export.Writer { return export.NewText(w) }},
	{name: "csv", write: func(w io.Writer) export.Writer { return export.NewCSV(w) }},
	{name: "json", write: func(w io.Writer) export.Writer { return export.NewJSON(w) }},
	{name: "skype", write: func(w io.Writer) export.Writer { return skypeexport.NewWriter(w) }},
}

// exportFormat finds the index of a format in exportFormats, or says
// which there are.
func exportFormat(name string) (int, error) {
	var names []string
	for i, f := range exportFormats {
		if f.name == name {
			return i, nil
		}
		names = append(names, f.name)
	}
	list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
	if name == "" {
		return 0, usagef("name the format: --format %s", list)
	}
	return 0, usagef("--format %s: want %s", name, list)
}

// exportTarget is where an export goes: a file or standard output
// (exportOutput), or a folder (exportFolder).
type exportTarget interface {
	commit() error
	discard()
	leftBehind() string
	where() string
}

// runExport writes what the filters pick in a format, to a file or to
// standard output, with a progress bar on standard error.
func runExport(ctx context.Context, e *env, o exportOptions) error {
	format, err := exportFormat(o.format)
	if err != nil {
		return err
	}
	toFolder := exportFormats[format].folder != nil
	if toFolder && (o.out == "" || o.out == "-") {
		return usagef("--format %s writes a file per chat: name a folder with --out DIR", o.format)
	}
	var f export.Filter
	if o.from != "" {
		if f.Since, _, err = store.ParsePeriod(o.from); err != nil {
			return usagef("--from %s: %v", o.from, err)
		}
	}
	if o.to != "" {
		if _, f.Until, err = store.ParsePeriod(o.to); err != nil {
			return usagef("--to %s: %v", o.to, err)
		}
	}
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Since.Before(f.Until) {
		return usagef("--from %s comes after --to %s", o.from, o.to)
	}
	f.Author, f.Query = strings.TrimSpace(o.author), strings.TrimSpace(o.query)
	if f.Query != "" {
		if q, err := store.ParseQuery(f.Query); err != nil {
			return usagef("--query: %v", err)
		} else if q.Empty() && len(q.Excluded) == 0 {
			return usagef("--query %q asks for nothing; try words, \"a phrase\", from:handle, date:2013-07", o.query)
		}
	}
	if err := archiveExists(e.dataDir); err != nil {
		return err
	}
	s, err := openForExport(ctx, e, f.Query != "")
	if err != nil {
		return err
	}
	defer s.Close()
	if f.Chats, err = resolveChats(ctx, s, o.chats); err != nil {
		return err
	}
	var out exportTarget
	var w export.Writer
	terminal := false
	if toFolder {
		folder, err := createFolder(o.out)
		if err != nil {
			return err
		}
		out, w = folder, exportFormats[format].folder(ctx, s, folder)
	} else {
		file, err := createOutput(o.out, e.stdout)
		if err != nil {
			return err
		}
		out, w, terminal = file, exportFormats[format].write(file.w), isTerminal(file.w)
	}
	defer out.discard()
	meta := export.Meta{Generator: "chatchannels " + Version, ExportedAt: time.Now().Truncate(time.Second), Location: time.Local, Terminal: terminal}
	var progress func(done, total int64)
	finish := func() {}
	if !terminal { // on a terminal the export shows itself; a bar would run through it
		p := newProgress(e.stderr, "export")
		progress, finish = p.update, p.done
	}
	st, err := export.Run(ctx, s, f, meta, w, progress)
	finish()
	if err == nil {
		err = out.commit()
	}
	var unknown *export.UnknownAuthorError
	switch {
	case err == nil:
		fmt.Fprintf(e.stderr, "exported %s of %s%s\n", count(st.Messages, "message"), count(st.Chats, "chat"), out.where())
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("export: interrupted; %s", out.leftBehind())
	case errors.As(err, &unknown):
		return fmt.Errorf("export: --author %s: %w", o.author, err)
	}
	return fmt.Errorf("export: %w", err)
}

// count says how many of a thing there are: "1 chat", "2 chats".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// openForExport opens the archive: with its search index when a query
// needs it, brought up to date first; else the database alone, which works
// beside a running Chat Channels.
func openForExport(ctx context.Context, e *env, index bool) (*store.Store, error) {
	if !index {
		return store.OpenDB(e.dataDir)
	}
	s, err := store.Open(e.dataDir)
	if errors.Is(err, store.ErrIndexInUse) {
		return nil, errors.New("export: --query needs the search index, which the running Chat Channels keeps; quit it and export again, or export without --query")
	}
	if err != nil {
		return nil, err
	}
	if err := s.WaitIndexed(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// resolveChats finds the chats --chat names, each once, in the order
// named; nil when none is named (every chat).
func resolveChats(ctx context.Context, s *store.Store, names []string) ([]store.Chat, error) {
	var chats []store.Chat
	for _, name := range names {
		c, err := s.ResolveChat(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("export: --chat %s: %w", name, err)
		}
		if !slices.ContainsFunc(chats, func(o store.Chat) bool { return o.ID == c.ID }) {
			chats = append(chats, c)
		}
	}
	return chats, nil
}

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	*l = append(*l, v)
	return nil
}
