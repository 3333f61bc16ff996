package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

var searchCommand = &command{
	name:    "search",
	args:    "QUERY...",
	summary: "search the archive: words, \"phrases\", -word, from:, chat:, date:",
	details: `A QUERY is words (all must match), "a phrase", -word or -"a phrase" to leave
out, from:handle, chat:name (a chat's name, web id or title contains it) and
date:2013, date:2013-07, date:2013-07-30 or date:2013-07..2013-08 (UTC). Each hit
prints on a line: chat, local time, author and the matching part of the text,
separated by tabs; the count goes to standard error. While Chat Channels runs
(the tray or serve), it answers the search.

Flags take two dashes here (-word leaves a word out); -- ends them.

With --json, the hits print as one JSON object (the shape of GET /api/search):
  {"query": "friday", "total": 2, "hits": [{
    "chat": {"name": "#alice/$bob;…", "web_id": "(alice)$bob;…", "title": "Project X"},
    "key": "…", "time": "2013-07-30T21:27:11Z", "author": "bob", "author_name": "Bob",
    "text": "the release is on friday",
    "fragment": [{"text": "the release is on ", "match": false}, {"text": "friday", "match": true}],
    "edited": false, "deleted": false, "url": "/chats/(alice)$bob;…/?at=KEY#m-KEY"}]}
Times are UTC (RFC 3339); "total" counts every hit, "hits" holds at most --limit.`,
	examples: []string{"search release friday", "search 'from:bob date:2013-07 -lunch'", "search --by-time --limit 5 '\"see you\"'",
		"search --json chat:'Project X' deadline"},
	dashArgs: true,
	define: func(fs *flag.FlagSet) runFunc {
		limit := fs.Int("limit", 20, "print at most `N` hits")
		byTime := fs.Bool("by-time", false, "newest first instead of most relevant first")
		asJSON := fs.Bool("json", false, "print the hits as JSON (the shape is in the help)")
		return func(ctx context.Context, e *env, args []string) error {
			return runSearch(ctx, e, strings.Join(args, " "), *limit, *byTime, *asJSON)
		}
	},
}

// runSearch prints the messages matching a query, one per line: chat,
// local time, author, and the matching part of the text.
func runSearch(ctx context.Context, e *env, query string, limit int, byTime, asJSON bool) error {
	if limit < 1 || limit > feed.MaxSearchLimit {
		return usagef("--limit: a number from 1 to %d", feed.MaxSearchLimit)
	}
	q, err := store.ParseQuery(query)
	if err != nil {
		return usagef("%v", err)
	}
	if q.Empty() {
		return usagef("search for what? Try words, \"a phrase\", -word, from:handle, chat:name, date:2013-07")
	}
	if err := archiveExists(e.dataDir); err != nil {
		return err
	}
	res, err := searchArchive(ctx, e.dataDir, query, limit, byTime)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if asJSON {
		return writeJSON(e.stdout, res)
	}
	bold := isTerminal(e.stdout)
	for _, h := range res.Hits {
		var text strings.Builder
		for _, sp := range h.Fragment {
			t := termsafe.Line(sp.Text)
			if sp.Match && bold {
				t = "\x1b[1m" + t + "\x1b[0m"
			}
			text.WriteString(t)
		}
		author := h.AuthorName
		if author == "" {
			author = h.Author
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", termsafe.Line(h.Chat.Title), h.Time.Local().Format("2006-01-02 15:04"),
			termsafe.Line(author), text.String())
	}
	fmt.Fprintf(e.stderr, "%d of %d matches\n", len(res.Hits), res.Total)
	return nil
}

// searchArchive searches the archive in dataDir with its own index or, when
// a running Chat Channels keeps the index, by asking that one.
func searchArchive(ctx context.Context, dataDir, query string, limit int, byTime bool) (feed.SearchResults, error) {
	s, err := store.Open(dataDir)
	if errors.Is(err, store.ErrIndexInUse) {
		if in := runningInstance(ctx, dataDir); in != nil {
			return in.search(ctx, query, limit, byTime)
		}
		return feed.SearchResults{}, errors.New("another Chat Channels process keeps the search index and does not answer (an import bringing it up to date?); try again when it is done")
	}
	if err != nil {
		return feed.SearchResults{}, err
	}
	defer s.Close()
	if err := s.WaitIndexed(ctx); err != nil {
		return feed.SearchResults{}, err
	}
	res, err := s.Search(ctx, query, store.SearchOptions{Limit: limit, ByTime: byTime})
	if err != nil {
		return feed.SearchResults{}, err
	}
	return feed.NewSearchResults(query, res), nil
}

// isTerminal reports whether w is a terminal (not a file or a pipe).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
