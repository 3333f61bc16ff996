package app

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/chatchannels/chatchannels/store"
)

// runChats lists the chats, or picks one for collection (add) or drops it
// (remove).
func runChats(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "chats")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	args = fs.Args()
	s, err := store.OpenDB(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	switch {
	case len(args) == 0:
		return listChats(ctx, e, s)
	case len(args) == 2 && args[0] == "add":
		name := args[1]
		c, err := s.FindChat(ctx, name)
		switch {
		case err == nil:
			name = c.Name
		case errors.Is(err, store.ErrNotFound): // a chat Skype has not shown yet: picked ahead
			name = store.NameFromWebID(name)
			if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: name}); err != nil {
				return err
			}
		default:
			return err
		}
		if err := s.SetCollected(ctx, name, true); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "collecting %s\n", name)
		return nil
	case len(args) == 2 && args[0] == "remove":
		if err := s.SetCollected(ctx, args[1], false); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "no longer collecting %s (its archived messages stay)\n", args[1])
		return nil
	}
	return fmt.Errorf("chats: want no arguments, add NAME or remove NAME")
}

func listChats(ctx context.Context, e *env, s *store.Store) error {
	chats, err := s.Chats(ctx)
	if err != nil {
		return err
	}
	if len(chats) == 0 {
		fmt.Fprintln(e.stdout, "no chats yet")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WEB ID\tCOLLECTED\tMESSAGES\tLAST MESSAGE\tTITLE")
	for _, c := range chats {
		collected := "no"
		if c.Collected {
			collected = "yes"
		}
		if c.Problem != "" {
			collected += " (" + c.Problem + ")"
		}
		last := "-"
		if !c.LastMessageAt.IsZero() {
			last = c.LastMessageAt.Local().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", c.WebID, collected, c.MessageCount, last, c.Title())
	}
	return w.Flush()
}
