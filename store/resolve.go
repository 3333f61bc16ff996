package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// UnknownChatError reports a name that ResolveChat could not turn into one
// chat: none goes by it, or several have it as their title. Close lists
// the chats a person may have meant (for an ambiguous title, the chats
// that have it), best first.
type UnknownChatError struct {
	Name      string
	Ambiguous bool // several chats have this title
	Close     []Chat
}

// maxClose is how many close matches an UnknownChatError lists.
const maxClose = 5

func (e *UnknownChatError) Error() string {
	var b strings.Builder
	if e.Ambiguous {
		fmt.Fprintf(&b, "%d chats are titled %q; name one by its web id:", len(e.Close), e.Name)
	} else {
		fmt.Fprintf(&b, "no chat is named or titled %q", e.Name)
		if len(e.Close) > 0 {
			b.WriteString("; did you mean")
		}
	}
	for i, c := range e.Close {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %q (%s)", c.Title(), c.WebID)
	}
	return b.String()
}

// Unwrap makes a chat that no name or title matches an ErrNotFound.
func (e *UnknownChatError) Unwrap() error {
	if e.Ambiguous {
		return nil
	}
	return ErrNotFound
}

// ResolveChat finds the chat a person names: by its name, web id or alias
// (as FindChat does), else by its title, compared without regard to case.
// A name that matches nothing, or a title several chats share, is an
// *UnknownChatError listing the chats that come close.
func (s *Store) ResolveChat(ctx context.Context, name string) (Chat, error) {
	c, err := s.FindChat(ctx, name)
	if !errors.Is(err, ErrNotFound) {
		return c, err
	}
	chats, err := s.Chats(ctx)
	if err != nil {
		return Chat{}, err
	}
	want := strings.ToLower(strings.TrimSpace(name))
	var titled []Chat
	for _, c := range chats {
		if strings.ToLower(c.Title()) == want {
			titled = append(titled, c)
		}
	}
	switch {
	case len(titled) == 1:
		return titled[0], nil
	case len(titled) > 1:
		return Chat{}, &UnknownChatError{Name: name, Ambiguous: true, Close: titled}
	}
	return Chat{}, &UnknownChatError{Name: name, Close: closeChats(chats, want)}
}

// closeChats picks the chats whose title, name or web id come close to
// want (lower case): ones containing it, or it them, then ones a few typos
// away, best first.
func closeChats(chats []Chat, want string) []Chat {
	type scored struct {
		c     Chat
		score int // lower is closer
	}
	var close []scored
	for _, c := range chats {
		best := -1
		for _, s := range []string{c.Title(), c.Name, c.WebID} {
			s = strings.ToLower(s)
			d := editDistance(want, s)
			switch {
			case want == "" || s == "":
				continue
			case strings.Contains(s, want) || strings.Contains(want, s):
				d = 0
			case d > max(2, len([]rune(want))/2):
				continue
			}
			if best < 0 || d < best {
				best = d
			}
		}
		if best >= 0 {
			close = append(close, scored{c, best})
		}
	}
	slices.SortStableFunc(close, func(a, b scored) int { return cmp.Compare(a.score, b.score) })
	var out []Chat
	for _, s := range close[:min(len(close), maxClose)] {
		out = append(out, s.c)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
