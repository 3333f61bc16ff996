package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// People's names have one home, the people table, keyed by handle. Three
// kinds of name land there: the name the archive's owner gave a contact
// (a main.db's Contacts.displayname, the live API's DISPLAYNAME, an
// export's name for a dialog), the name people gave themselves (FULLNAME,
// Contacts.fullname), and the name their newest message carries (every
// ingest notes it). A person is called by the first of these that is
// known, else by their handle (PersonNames). Chat titles follow from it
// (titleChats).

// Person is what a source tells of someone's names. Empty fields leave
// what the archive knows as it is.
type Person struct {
	Handle      string // bare handle: "bob", "live:bob", "+15551234"
	ContactName string // the name the archive's owner knows them by
	FullName    string // the name they gave themselves
	Owner       bool   // the account a source belongs to (a main.db's, the live Skype's)
}

// SetPeople records what a source tells of people's names.
func (s *Store) SetPeople(ctx context.Context, people []Person) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `INSERT INTO people (handle, contact_name, full_name, owner) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (handle) DO UPDATE SET contact_name = coalesce(nullif(?2, ''), contact_name),
				full_name = coalesce(nullif(?3, ''), full_name), owner = owner OR ?4`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, p := range people {
			contact, full := cleanName(p.ContactName, p.Handle), cleanName(p.FullName, p.Handle)
			if p.Handle == "" || contact == "" && full == "" && !p.Owner {
				continue
			}
			if _, err := st.ExecContext(ctx, p.Handle, contact, full, p.Owner); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: record people's names: %w", describe(err))
	}
	return nil
}

// cleanName is a name as the archive keeps it: trimmed, and "" when it
// only repeats the handle.
func cleanName(name, handle string) string {
	name = strings.TrimSpace(name)
	if name == handle {
		return ""
	}
	return name
}

// notePeople records, inside an ingest's transaction, the name each author
// of the batch gave in their newest message, unless the archive knows a
// newer one. A message with an impossible time tells nothing about which
// name is newer.
func notePeople(ctx context.Context, tx *sql.Tx, batch []Incoming) error {
	type said struct {
		name string
		at   int64
	}
	newest := map[string]said{}
	for i := range batch {
		m := &batch[i]
		name := cleanName(m.AuthorName, m.Author)
		if name == "" || m.Author == "" || m.TimeSuspect {
			continue
		}
		at := m.Time.UnixMilli()
		if have, ok := newest[m.Author]; !ok || at >= have.at {
			newest[m.Author] = said{name, at}
		}
	}
	if len(newest) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO people (handle, said_name, said_at) VALUES (?1, ?2, ?3)
		ON CONFLICT (handle) DO UPDATE SET said_name = ?2, said_at = ?3 WHERE ?3 >= people.said_at`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, handle := range slices.Sorted(maps.Keys(newest)) {
		if _, err := st.ExecContext(ctx, handle, newest[handle].name, newest[handle].at); err != nil {
			return err
		}
	}
	return nil
}

// Names maps handles to the names pages show for them.
type Names map[string]string

// Of is the name of handle: the one the archive knows, else the handle.
func (n Names) Of(handle string) string {
	if name := n[handle]; name != "" {
		return name
	}
	return handle
}

// PersonNames reads the names of the given people (see Person): the name
// the owner knows them by, else their own, else the one their newest
// message gave. Handles the archive knows no name for are left out.
func (s *Store) PersonNames(ctx context.Context, handles []string) (Names, error) {
	names, err := personNames(ctx, s.db, handles)
	if err != nil {
		return nil, fmt.Errorf("store: read people's names: %w", describe(err))
	}
	return names, nil
}

func personNames(ctx context.Context, q querier, handles []string) (Names, error) {
	names := Names{}
	if len(handles) == 0 {
		return names, nil
	}
	list, err := json.Marshal(handles)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT handle, coalesce(nullif(contact_name, ''), nullif(full_name, ''), said_name)
		FROM people WHERE handle IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var handle, name string
		if err := rows.Scan(&handle, &name); err != nil {
			return nil, err
		}
		if name != "" {
			names[handle] = name
		}
	}
	return names, rows.Err()
}

// owners lists the accounts the archive's sources belong to (those that
// reported messages, and those importers and the collector named): the
// people from whose point of view its chats are seen.
func owners(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sources UNION SELECT ':' || handle FROM people WHERE owner ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		if o := SourceOwner(name); o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, rows.Err()
}

// titleNames is how many people an untitled chat's title names before
// saying how many more there are.
const titleNames = 4

// titleChats gives the chats without a topic the names of the people they
// are titled by (Chat.Title): their members, or the two people a dialog's
// name gives, leaving out the archive's owners unless nobody else is left
// (so a dialog is titled by the partner, or by both when neither is an
// owner).
func titleChats(ctx context.Context, q querier, chats []Chat) error {
	var untitled []*Chat
	for i := range chats {
		if chats[i].Topic == "" {
			untitled = append(untitled, &chats[i])
		}
	}
	if len(untitled) == 0 {
		return nil
	}
	own, err := owners(ctx, q)
	if err != nil {
		return err
	}
	people := map[*Chat][]string{}
	var handles []string
	for _, c := range untitled {
		members := c.Members
		if len(members) == 0 {
			members = dialogPeople(c.Name)
		}
		if a, b, ok := DialogPair(c.Name); ok && len(members) == 0 {
			members = slices.DeleteFunc([]string{a, b}, func(h string) bool { return h == unknownPerson })
		}
		others := slices.DeleteFunc(slices.Clone(members), func(h string) bool { return slices.Contains(own, h) })
		if len(others) == 0 {
			others = members
		}
		people[c] = others
		handles = append(handles, others[:min(len(others), titleNames)]...)
	}
	slices.Sort(handles)
	names, err := personNames(ctx, q, slices.Compact(handles))
	if err != nil {
		return err
	}
	for c, others := range people {
		c.Names = nil
		for _, h := range others[:min(len(others), titleNames)] {
			c.Names = append(c.Names, names.Of(h))
		}
		c.Others = len(others) - len(c.Names)
	}
	return nil
}

// listPeople joins names as a sentence does ("Alice, Bob and Carol"),
// saying how many others there are, if any ("Alice, Bob and 3 others").
func listPeople(names []string, others int) string {
	switch others {
	case 0:
	case 1:
		names = append(slices.Clip(names), "1 other")
	default:
		names = append(slices.Clip(names), strconv.Itoa(others)+" others")
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
