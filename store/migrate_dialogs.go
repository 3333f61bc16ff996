package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
)

// pairDialogs brings an archive made before dialogs were named by their two
// people (see dialog.go) in line. Earlier versions aliased a dialog by its
// partner alone ("8:bob"), which is relative to whoever's file or Skype
// named it: alice's and carol's dialogs with bob shared the alias and were
// folded into one chat, and alice's "bob" and bob's "alice" stayed two.
//
// For each chat known by such a relative name, the archive itself tells
// whose dialog it is: a message's sources are named by their account
// (SourceOwner: "maindb:alice" is alice's file), and in a dialog every
// message reported by one of its people and written by the other names the
// pair; a legacy Desktop API name ("#alice/$bob;hex") names it too, and a
// relative name "8:bob" with a source of alice's names {alice, bob}.
//   - One pair: the chat gets the pair's name as an alias (merging with a
//     chat that has it already: the same dialog archived from the other
//     side).
//   - Several pairs (dialogs of different people folded together): when
//     every message belongs to exactly one of them (its author and the
//     accounts that reported it are in it), the chat is split: each other
//     pair's messages, keys unchanged, and legacy names move to a chat of
//     that pair's own. When some message fits none or several pairs, the
//     chat cannot be split safely: it keeps everything and gets every pair's
//     name, so that re-importing the files that made it finds it again and
//     changes nothing (it stays as mixed as it was, and a warning names it).
//   - No pair (no account named any source, no legacy name): nothing tells
//     whose dialog it is, so the chat is left as it is. Its relative name
//     stays an alias (an address given out), but importers no longer name
//     dialogs that way, so nothing new is filed under it.
func pairDialogs(ctx context.Context, s *Store, tx *sql.Tx) error {
	chats, err := loadChatNames(ctx, tx)
	if err != nil {
		return err
	}
	partners := map[int64][]string{}
	for name, id := range chats.ids {
		if p, ok := RelativeDialog(name); ok && !slices.Contains(partners[id], p) {
			partners[id] = append(partners[id], p)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(partners)) {
		if _, ok := chats.names[id]; !ok {
			continue // merged into another meanwhile
		}
		if err := pairChat(ctx, s, tx, chats, id, partners[id]); err != nil {
			return fmt.Errorf("pair dialog %s: %w", chats.names[id], err)
		}
	}
	return nil
}

// dialogMessage is a message as pairing sees it: its author and the
// accounts whose sources reported it ("" for a source of no known account).
type dialogMessage struct {
	id     int64
	author string
	owners []string
}

// pairChat pairs one chat known by the relative names of partners.
func pairChat(ctx context.Context, s *Store, tx *sql.Tx, chats *chatNames, id int64, partners []string) error {
	msgs, err := dialogMessages(ctx, tx, id)
	if err != nil {
		return err
	}
	var names []string // the chat's name and aliases
	for n, c := range chats.ids {
		if c == id {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	pairs := map[string]bool{}
	partner := map[string]bool{} // the people the chat's names name
	for _, p := range partners {
		partner[p] = true
	}
	for _, n := range names {
		if people := dialogPeople(n); people != nil {
			pairs[DialogName(people[0], people[1])] = true
			partner[people[0]], partner[people[1]] = true, true
		}
	}
	owners := map[string]bool{}
	for _, m := range msgs {
		for _, o := range m.owners {
			owners[o] = o != ""
			if o != "" && o != m.author && partner[m.author] { // not a system author ("sys")
				pairs[DialogName(o, m.author)] = true
			}
		}
	}
	if len(partners) == 1 {
		for o, known := range owners {
			if known && o != partners[0] {
				pairs[DialogName(o, partners[0])] = true
			}
		}
	}
	name := chats.names[id]
	switch len(pairs) {
	case 0:
		slog.Info("migration: nothing tells whose dialog this is; left as it was", "chat", name)
		return nil
	case 1:
		info := ChatInfo{Name: name, Aliases: slices.Collect(maps.Keys(pairs))}
		var members string
		if err := tx.QueryRowContext(ctx, `SELECT members FROM chats WHERE id = ?`, id).Scan(&members); err != nil {
			return err
		}
		if members == "" { // an export's dialog: its title becomes its two people
			a, b, _ := DialogPair(info.Aliases[0])
			info.Members = []string{a, b}
		}
		_, _, err := s.ensureMergedChat(ctx, tx, chats, info)
		return err
	}
	return splitChat(ctx, s, tx, chats, id, names, msgs, slices.Sorted(maps.Keys(pairs)))
}

// dialogMessages lists a chat's messages with their authors and the
// accounts of the sources that reported them.
func dialogMessages(ctx context.Context, tx *sql.Tx, chat int64) ([]dialogMessage, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.author, s.name FROM messages m JOIN sources s ON s.id = m.source_id WHERE m.chat_id = ?1
		UNION ALL SELECT m.id, m.author, s.name FROM messages m JOIN message_refs r ON r.message_id = m.id JOIN sources s ON s.id = r.source_id
		WHERE m.chat_id = ?1
		ORDER BY 1`, chat)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var msgs []dialogMessage
	for rows.Next() {
		var m dialogMessage
		var source string
		if err := rows.Scan(&m.id, &m.author, &source); err != nil {
			return nil, err
		}
		if len(msgs) == 0 || msgs[len(msgs)-1].id != m.id {
			msgs = append(msgs, m)
		}
		last := &msgs[len(msgs)-1]
		if o := SourceOwner(source); !slices.Contains(last.owners, o) {
			last.owners = append(last.owners, o)
		}
	}
	return msgs, rows.Err()
}

// splitChat gives each of several pairs folded into chat id its own chat,
// when every message belongs to exactly one of them; otherwise it names the
// chat by all of them (see pairDialogs).
func splitChat(ctx context.Context, s *Store, tx *sql.Tx, chats *chatNames, id int64, names []string, msgs []dialogMessage, pairs []string) error {
	name := chats.names[id]
	of := map[string][]int64{} // pair → message ids
	person := map[string]bool{}
	for _, p := range pairs {
		a, b, _ := DialogPair(p)
		person[a], person[b] = true, true
	}
	for _, m := range msgs {
		var fits []string
		for _, p := range pairs {
			a, b, _ := DialogPair(p)
			in := func(h string) bool { return h == a || h == b }
			// Its author (unless a system one, in no pair) and every
			// account that reported it are in the pair.
			if (in(m.author) || !person[m.author]) && !slices.ContainsFunc(m.owners, func(o string) bool { return o != "" && !in(o) }) {
				fits = append(fits, p)
			}
		}
		if len(fits) != 1 {
			slog.Warn("migration: dialogs of different people were archived as one chat and cannot be told apart; it keeps all of them",
				"chat", name, "dialogs", strings.Join(pairs, " "))
			_, _, err := s.ensureMergedChat(ctx, tx, chats, ChatInfo{Name: name, Aliases: pairs})
			return err
		}
		of[fits[0]] = append(of[fits[0]], m.id)
	}
	keep := pairs[0] // the pair of the chat's own name, else of its first message
	if people := dialogPeople(name); people != nil && of[DialogName(people[0], people[1])] != nil {
		keep = DialogName(people[0], people[1])
	} else if len(msgs) > 0 {
		for p, ids := range of {
			if slices.Contains(ids, msgs[0].id) {
				keep = p
			}
		}
	}
	seq, err := maxSeq(ctx, tx)
	if err != nil {
		return err
	}
	s.seq = seq
	for _, p := range pairs {
		if p == keep {
			continue
		}
		if err := moveDialog(ctx, s, tx, chats, id, names, p, of[p]); err != nil {
			return err
		}
	}
	if err := recount(ctx, tx, id, s.seq); err != nil {
		return err
	}
	slog.Info("migration: dialogs of different people archived as one chat were split", "chat", name, "dialogs", strings.Join(pairs, " "))
	a, b, _ := DialogPair(keep)
	_, _, err = s.ensureMergedChat(ctx, tx, chats, ChatInfo{Name: name, Aliases: []string{keep}, Members: []string{a, b}})
	return err
}

// moveDialog moves the messages ids of pair out of chat from, with from's
// legacy names of that pair, into a chat of their own: a new chat named by
// the pair, or, when the archive holds the pair's chat already, a chat then
// merged into it (which folds the messages both hold, as EnsureChat would).
func moveDialog(ctx context.Context, s *Store, tx *sql.Tx, chats *chatNames, from int64, names []string, pair string, ids []int64) error {
	a, b, _ := DialogPair(pair)
	tmp := fmt.Sprintf("%s (split from chat %d)", pair, from)
	res, err := tx.ExecContext(ctx, `INSERT INTO chats (name, web_id, members) VALUES (?, ?, ?)`, tmp, WebID(tmp), a+" "+b)
	if err != nil {
		return err
	}
	to, err := res.LastInsertId()
	if err != nil {
		return err
	}
	chats.ids[tmp], chats.names[to] = to, tmp
	for _, n := range names {
		if people := dialogPeople(n); people != nil && DialogName(people[0], people[1]) == pair && n != chats.names[from] {
			if _, err := tx.ExecContext(ctx, `UPDATE chat_aliases SET chat_id = ? WHERE alias = ?`, to, n); err != nil {
				return err
			}
			chats.ids[n] = to
		}
	}
	for _, id := range ids {
		seq := s.nextSeq()
		for _, q := range []string{`UPDATE messages SET chat_id = ?2, seq = ?3 WHERE id = ?1`, `INSERT INTO changes (seq, message_id) VALUES (?3, ?1)`} {
			if _, err := tx.ExecContext(ctx, q, id, to, seq); err != nil {
				return err
			}
		}
	}
	if err := recount(ctx, tx, to, s.seq); err != nil {
		return err
	}
	if existing, ok := chats.ids[pair]; ok {
		if err := s.mergeChats(ctx, tx, chats, existing, []int64{to}); err != nil {
			return err
		}
		delete(chats.ids, tmp) // the passing name is no address
		_, err := tx.ExecContext(ctx, `DELETE FROM chat_aliases WHERE alias = ?`, tmp)
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE chats SET name = ?, web_id = ? WHERE id = ?`, pair, WebID(pair), to); err != nil {
		return err
	}
	delete(chats.ids, tmp)
	chats.ids[pair], chats.names[to] = to, pair
	return nil
}

// recount sets a chat's counters from its messages.
func recount(ctx context.Context, tx *sql.Tx, chat, seq int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE chats SET message_count = (SELECT count(*) FROM messages WHERE chat_id = ?1),
			last_message_at = coalesce((SELECT max(sent_at) FROM messages WHERE chat_id = ?1), 0), changed_seq = ?2
		WHERE id = ?1`, chat, seq)
	return err
}
