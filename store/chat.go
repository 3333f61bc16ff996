package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Chat is a conversation in the archive.
type Chat struct {
	ID            int64
	Name          string // the Desktop API name, e.g. #alice/$bob;0123456789abcdef
	WebID         string // Name made safe for URLs (see WebID)
	Topic         string
	Members       []string
	Collected     bool   // picked by the user for live collection
	Problem       string // why Skype cannot serve the chat, if it cannot
	MessageCount  int
	LastMessageAt time.Time // zero if the chat has no messages
	ChangedSeq    int64     // change sequence of the last change to its messages

	// Names are the display names of the people an untitled chat is
	// titled by (its members but the archive's owners, see titleChats),
	// Others how many more it has.
	Names  []string
	Others int

	Read ReadPosition // where the user stopped reading
	// Unread is how many messages came after the read position, at most
	// MaxUnread; only CountUnread fills it.
	Unread int
}

// Title is what a person calls the chat: its topic, else the display
// names of its people ("Bob" for alice's dialog with bob, "Alice, Bob and
// 3 others"), else its members' handles, else its name.
func (c Chat) Title() string {
	switch {
	case c.Topic != "":
		return c.Topic
	case len(c.Names) > 0:
		return listPeople(c.Names, c.Others)
	case len(c.Members) > 0:
		return strings.Join(c.Members, ", ")
	}
	return c.Name
}

// ChatInfo describes a chat as a source knows it.
type ChatInfo struct {
	Name    string   // the name the chat is archived under
	Aliases []string // other names of the same chat (export ids, older names)
	Topic   string   // "" keeps the stored topic
	Members []string // nil keeps the stored members
}

// ErrNotFound reports a chat or message the archive does not hold.
var ErrNotFound = errors.New("not found")

// WebID maps a chat name to the web-safe form used in URLs, as the original
// program did: '#' becomes '(' and '/' becomes ')'.
func WebID(name string) string {
	return strings.NewReplacer("#", "(", "/", ")").Replace(name)
}

// NameFromWebID undoes WebID for names without '(' or ')'. Names with
// them exist (8:live:x)y), so two names can map to one web id: the chat
// archived later gets a suffix (see freshWebID).
func NameFromWebID(webID string) string {
	return strings.NewReplacer("(", "#", ")", "/").Replace(webID)
}

// freshWebID is the web id a new chat gets: WebID of its name, or, when
// another chat has that one already (8:live:x/y and 8:live:x)y), the same
// with "~2", "~3"… A chat keeps its web id for good: links to it stay.
func freshWebID(ctx context.Context, q querier, name string) (string, error) {
	base := WebID(name)
	webID := base
	for n := 2; ; n++ {
		var taken bool
		if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM chats WHERE web_id = ?)`, webID).Scan(&taken); err != nil {
			return "", err
		}
		if !taken {
			return webID, nil
		}
		webID = base + "~" + strconv.Itoa(n)
	}
}

// chatNames maps every chat name and alias to its chat id, and ids to
// names. A write transaction reads it afresh (chats are few), so that chats
// another process added are never missed.
type chatNames struct {
	ids   map[string]int64
	names map[int64]string
}

func loadChatNames(ctx context.Context, q querier) (*chatNames, error) {
	c := &chatNames{ids: map[string]int64{}, names: map[int64]string{}}
	for i, query := range []string{`SELECT name, id FROM chats`, `SELECT alias, chat_id FROM chat_aliases`} {
		rows, err := q.QueryContext(ctx, query)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var name string
			var id int64
			if err := rows.Scan(&name, &id); err != nil {
				rows.Close()
				return nil, err
			}
			c.ids[name] = id
			if i == 0 {
				c.names[id] = name
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// rowsQuerier runs queries: a transaction, the database, or a writer's
// statement cache.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// EnsureChat records a chat, creating it or adding to what is known of it,
// and returns its id. When info's names show that chats archived apart are
// one conversation, they become one (the oldest keeps its address; see
// mergeChats).
func (s *Store) EnsureChat(ctx context.Context, info ChatInfo) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var id int64
	merged := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		chats, err := loadChatNames(ctx, tx)
		if err != nil {
			return err
		}
		id, merged, err = s.ensureMergedChat(ctx, tx, chats, info)
		return err
	})
	if merged {
		s.forget() // messages moved and folded: rebuild the in-memory picture
		if err == nil && s.index != nil {
			s.index.poke()
		}
	}
	if err != nil {
		return 0, fmt.Errorf("store: record chat %s: %w", info.Name, err)
	}
	return id, nil
}

// ensureMergedChat is EnsureChat inside a transaction: it merges the chats
// info names first, and reports whether it did.
func (s *Store) ensureMergedChat(ctx context.Context, tx *sql.Tx, chats *chatNames, info ChatInfo) (id int64, merged bool, err error) {
	if ids := chats.distinct(info); len(ids) > 1 {
		merged = true
		if err := s.mergeChats(ctx, tx, chats, ids[0], ids[1:]); err != nil {
			return 0, merged, err
		}
	}
	id, err = ensureChat(ctx, tx, chats, info)
	return id, merged, err
}

// distinct lists the archived chats that info's names and aliases name,
// oldest first.
func (c *chatNames) distinct(info ChatInfo) []int64 {
	var ids []int64
	for _, n := range append([]string{info.Name}, info.Aliases...) {
		if id, ok := c.ids[n]; ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// ensureChat is EnsureChat inside a transaction, keeping chats up to date.
func ensureChat(ctx context.Context, tx *sql.Tx, chats *chatNames, info ChatInfo) (int64, error) {
	if info.Name == "" {
		return 0, errors.New("chat has no name")
	}
	var id int64
	for _, n := range append([]string{info.Name}, info.Aliases...) {
		other, ok := chats.ids[n]
		switch {
		case !ok:
		case id == 0:
			id = other
		case other != id:
			return 0, fmt.Errorf("%s and %s are archived as two chats", info.Name, n) // EnsureChat merges them first
		}
	}
	if id == 0 {
		webID, err := freshWebID(ctx, tx, info.Name)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO chats (name, web_id) VALUES (?, ?)`, info.Name, webID)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
		chats.ids[info.Name] = id
		chats.names[id] = info.Name
	}
	for _, alias := range append([]string{info.Name}, info.Aliases...) {
		if _, ok := chats.ids[alias]; ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO chat_aliases (alias, chat_id) VALUES (?, ?)`, alias, id); err != nil {
			return 0, err
		}
		chats.ids[alias] = id
	}
	if info.Topic != "" {
		if _, err := tx.ExecContext(ctx, `UPDATE chats SET topic = ? WHERE id = ?`, info.Topic, id); err != nil {
			return 0, err
		}
	}
	if info.Members != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE chats SET members = ? WHERE id = ?`, strings.Join(info.Members, " "), id); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// SetCollected picks a chat for live collection, or drops it.
func (s *Store) SetCollected(ctx context.Context, name string, collected bool) error {
	c, err := s.FindChat(ctx, name)
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE chats SET collected = ? WHERE id = ?`, collected, c.ID); err != nil {
		return fmt.Errorf("store: mark chat %s collected: %w", name, describe(err))
	}
	return nil
}

// SetProblem records why Skype cannot serve a chat ("" clears it).
func (s *Store) SetProblem(ctx context.Context, name, problem string) error {
	c, err := s.FindChat(ctx, name)
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE chats SET problem = ? WHERE id = ?`, problem, c.ID); err != nil {
		return fmt.Errorf("store: record problem of chat %s: %w", name, describe(err))
	}
	return nil
}

const chatColumns = `id, name, web_id, topic, members, collected, problem, message_count, last_message_at, changed_seq,
	read_at, read_id, read_opened`

func scanChat(row interface{ Scan(...any) error }) (Chat, error) {
	var c Chat
	var members string
	var last int64
	var readAt sql.NullInt64
	err := row.Scan(&c.ID, &c.Name, &c.WebID, &c.Topic, &members, &c.Collected, &c.Problem, &c.MessageCount, &last, &c.ChangedSeq,
		&readAt, &c.Read.id, &c.Read.Opened)
	c.Members = strings.Fields(members)
	if last != 0 {
		c.LastMessageAt = time.UnixMilli(last).UTC()
	}
	if readAt.Valid {
		c.Read.at, c.Read.Set = readAt.Int64, true
	}
	return c, err
}

// Chats lists every chat, the most recently active first.
func (s *Store) Chats(ctx context.Context) ([]Chat, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+chatColumns+` FROM chats ORDER BY last_message_at DESC, name`)
	if err != nil {
		return nil, fmt.Errorf("store: list chats: %w", describe(err))
	}
	defer rows.Close()
	var chats []Chat
	for rows.Next() {
		c, err := scanChat(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list chats: %w", err)
		}
		chats = append(chats, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list chats: %w", describe(err))
	}
	if err := titleChats(ctx, s.db, chats); err != nil {
		return nil, fmt.Errorf("store: list chats: %w", describe(err))
	}
	return chats, nil
}

// FindChat finds a chat by its web id, name or any alias, or the web id of
// an alias (the address of a chat since merged into another), in that
// order: a web id once given out always leads to its chat, even where it
// is another chat's name too.
func (s *Store) FindChat(ctx context.Context, name string) (Chat, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+chatColumns+` FROM chats
		WHERE name = ?1 OR web_id = ?1 OR id = (SELECT chat_id FROM chat_aliases WHERE alias IN (?1, ?2))
		ORDER BY web_id = ?1 DESC, name = ?1 DESC LIMIT 1`, name, NameFromWebID(name))
	c, err := scanChat(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Chat{}, fmt.Errorf("store: chat %q: %w", name, ErrNotFound)
	}
	if err == nil {
		one := []Chat{c}
		err = titleChats(ctx, s.db, one)
		c = one[0]
	}
	if err != nil {
		return Chat{}, fmt.Errorf("store: chat %q: %w", name, describe(err))
	}
	return c, nil
}
