package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// runSearch prints the messages matching a query, one per line:
// chat, local time, author, and the matching part of the text.
func runSearch(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "search")
	limit := fs.Int("limit", 20, "how many hits to print")
	byTime := fs.Bool("by-time", false, "newest first instead of most relevant first")
	if err := parseLeading(e, fs, data, args); err != nil {
		return err
	}
	query := strings.Join(fs.Args(), " ")
	s, err := store.Open(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.WaitIndexed(ctx); err != nil {
		return err
	}
	res, err := s.Search(ctx, query, store.SearchOptions{Limit: *limit, ByTime: *byTime})
	if errors.Is(err, store.ErrEmptyQuery) {
		return fmt.Errorf("search for what? Try words, \"a phrase\", -word, from:handle, chat:name, date:2013-07")
	}
	if err != nil {
		return err
	}
	bold := isTerminal(e.stdout)
	for _, h := range res.Hits {
		var text strings.Builder
		for _, sp := range h.Fragment {
			t := strings.ReplaceAll(sp.Text, "\n", " ")
			if sp.Match && bold {
				t = "\x1b[1m" + t + "\x1b[0m"
			}
			text.WriteString(t)
		}
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\t%s\n", h.Chat.Title(), h.Message.Time.Local().Format("2006-01-02 15:04"),
			h.Message.AuthorName, text.String())
	}
	fmt.Fprintf(e.stderr, "%d of %d matches\n", len(res.Hits), res.Total)
	return nil
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
