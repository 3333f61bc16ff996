package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

var chatsCommand = &command{
	name:    "chats",
	args:    "[add NAME | remove NAME]",
	summary: "list the chats, or pick one for live collection (add) or drop it (remove)",
	details: `NAME is a chat's name, web id, alias or exact title (any case); a name that
matches no chat is an error listing the chats that come close. A chat Skype has
not shown yet can be picked ahead by its full name (#alice/$bob;…).

With --json, the list is a JSON array of chats:
  [{"name": "#alice/$bob;0123456789abcdef", "web_id": "(alice)$bob;0123456789abcdef",
    "title": "Project X", "topic": "Project X", "members": ["alice", "bob"],
    "collected": true, "problem": "", "messages": 1234,
    "last_message": "2013-07-30T21:27:11Z"}]
"last_message" is null for a chat without messages; times are UTC (RFC 3339).`,
	examples: []string{"chats", "chats --json", "chats add 'Project X'", "chats remove '(alice)$bob;0123456789abcdef'"},
	define: func(fs *flag.FlagSet) runFunc {
		asJSON := fs.Bool("json", false, "list the chats as JSON (the shape is in the help)")
		return func(ctx context.Context, e *env, args []string) error {
			switch {
			case len(args) == 0:
				return listChats(ctx, e, *asJSON)
			case len(args) == 2 && args[0] == "add":
				return pickChat(ctx, e, args[1], true)
			case len(args) == 2 && args[0] == "remove":
				return pickChat(ctx, e, args[1], false)
			}
			return usagef("want no arguments, add NAME or remove NAME")
		}
	},
}

// chatJSON is a chat as `chats --json` lists it. The field names are a
// contract with scripts: add fields, never rename or drop one.
type chatJSON struct {
	Name        string     `json:"name"`
	WebID       string     `json:"web_id"`
	Title       string     `json:"title"`
	Topic       string     `json:"topic"`
	Members     []string   `json:"members"`
	Collected   bool       `json:"collected"`
	Problem     string     `json:"problem"`
	Messages    int        `json:"messages"`
	LastMessage *time.Time `json:"last_message"`
}

func listChats(ctx context.Context, e *env, asJSON bool) error {
	s, err := openArchive(e)
	if err != nil {
		return err
	}
	defer s.Close()
	chats, err := s.Chats(ctx)
	if err != nil {
		return fmt.Errorf("chats: %w", err)
	}
	if asJSON {
		list := make([]chatJSON, 0, len(chats))
		for _, c := range chats {
			j := chatJSON{Name: c.Name, WebID: c.WebID, Title: c.Title(), Topic: c.Topic, Members: c.Members,
				Collected: c.Collected, Problem: c.Problem, Messages: c.MessageCount}
			if j.Members == nil {
				j.Members = []string{}
			}
			if !c.LastMessageAt.IsZero() {
				t := c.LastMessageAt.UTC()
				j.LastMessage = &t
			}
			list = append(list, j)
		}
		return writeJSON(e.stdout, list)
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
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", termsafe.Line(c.WebID), termsafe.Line(collected), c.MessageCount, last, termsafe.Line(c.Title()))
	}
	return w.Flush()
}

// pickChat picks the chat a person names for live collection, or drops it.
func pickChat(ctx context.Context, e *env, name string, collect bool) error {
	verb := map[bool]string{true: "add", false: "remove"}[collect]
	open := openArchive
	if collect && isChatName(name) {
		open = func(e *env) (*store.Store, error) { return store.OpenDB(e.dataDir) } // picked ahead, before any archive
	}
	s, err := open(e)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.ResolveChat(ctx, name)
	var unknown *store.UnknownChatError
	if collect && errors.As(err, &unknown) && !unknown.Ambiguous && isChatName(name) {
		// A chat Skype has not shown yet, named in full: picked ahead.
		c.Name = store.NameFromWebID(name)
		if _, err = s.EnsureChat(ctx, store.ChatInfo{Name: c.Name}); err == nil {
			c, err = s.FindChat(ctx, c.Name)
		}
		if err != nil {
			return fmt.Errorf("chats add %s: %w", name, err)
		}
		fmt.Fprintf(e.stderr, "%s is not in the archive yet; it is collected once Skype shows it\n", termsafe.Line(c.Name))
	} else if err != nil {
		return fmt.Errorf("chats %s %s: %w", verb, name, err)
	}
	if err := s.SetCollected(ctx, c.Name, collect); err != nil {
		return fmt.Errorf("chats %s %s: %w", verb, name, err)
	}
	title := termsafe.Line(c.Title())
	if collect {
		fmt.Fprintf(e.stdout, "collecting %s (%s)\n", title, termsafe.Line(c.WebID))
	} else {
		fmt.Fprintf(e.stdout, "no longer collecting %s (%s); its archived messages stay\n", title, termsafe.Line(c.WebID))
	}
	return nil
}

// isChatName reports whether name is a whole Skype Desktop API chat name
// (#alice/$bob;0123456789abcdef), or its web id.
func isChatName(name string) bool {
	n := store.NameFromWebID(name)
	owner, rest, ok := strings.Cut(strings.TrimPrefix(n, "#"), "/$")
	return strings.HasPrefix(n, "#") && ok && owner != "" && rest != "" && !strings.ContainsAny(n, " \t\n")
}
