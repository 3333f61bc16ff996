package maindb

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

// conversation is one Conversations row with the Chats rows that point to
// it: a dialog can have several (spec 2.2), all one chat here. Every row
// counts, with or without Chats rows: in Skype 7 files a group moved to the
// cloud often keeps only its Conversations row, whose alt_identity links
// its legacy and cloud names.
type conversation struct {
	id                           int64
	identity, altIdentity, topic string
	dialog                       bool
	names                        []string // Chats.name values, sorted
	members                      []string
	shownAs                      string    // what Skype showed it as (Conversations.displayname): a dialog's partner's name
	horizon                      time.Time // how far the owner had read it (consumption_horizon); zero if unknown
}

// chatMap says which archived chat each message of the file belongs to: by
// its conversation (Messages.convo_id), or failing that by the name it
// gives (Messages.chatname, a hint).
type chatMap struct {
	owner  string
	byConv map[int64]string  // Conversations.id → chat name
	byName map[string]string // Chats.name, Conversations.identity and alt_identity → chat name
}

// of is the chat a message with conversation conv and chat name name
// belongs to, or "" when neither tells.
func (m chatMap) of(conv int64, name string) string {
	if c, ok := m.byConv[conv]; ok {
		return c
	}
	if c, ok := m.byName[name]; ok {
		return c
	}
	// A name no row lists: a chat's own ("#…", "19:…"), or a partner's
	// (contact requests give the partner's skypename), relative to the owner.
	if name == "" || strings.HasPrefix(name, "#") || strings.HasPrefix(name, "19:") || strings.HasPrefix(name, "48:") {
		return name
	}
	if partner, ok := store.RelativeDialog(name); ok {
		return store.Dialog(m.owner, partner)
	}
	return store.Dialog(m.owner, name)
}

// chats records every conversation of the file as a chat, folding the
// several names of one conversation into one chat and naming dialogs by
// their two people (store.Dialog: the file's owner and the partner).
func (r *reader) chats(ctx context.Context, s *store.Store) (chatMap, error) {
	m := chatMap{owner: r.owner, byConv: map[int64]string{}, byName: map[string]string{}}
	convs, err := r.conversations(ctx)
	if err != nil {
		return m, err
	}
	alone, err := r.chatRows(ctx, convs)
	if err != nil {
		return m, err
	}
	if err := r.participants(ctx, convs); err != nil {
		return m, err
	}
	people, err := r.people(ctx, convs)
	if err != nil {
		return m, err
	}
	if err := s.SetPeople(ctx, people); err != nil {
		return m, err
	}
	type recorded struct {
		info store.ChatInfo
		conv *conversation
	}
	var infos []recorded
	for _, c := range convs {
		if info, ok := r.chatInfo(c); ok {
			infos = append(infos, recorded{info, c})
		}
	}
	for _, info := range alone {
		infos = append(infos, recorded{info: info})
	}
	slices.SortFunc(infos, func(a, b recorded) int { return strings.Compare(a.info.Name, b.info.Name) })
	for _, rec := range infos {
		if _, err := s.EnsureChat(ctx, rec.info); err != nil {
			return m, err
		}
		for _, n := range append([]string{rec.info.Name}, rec.info.Aliases...) {
			m.byName[n] = rec.info.Name
		}
		if c := rec.conv; c != nil {
			m.byConv[c.id] = rec.info.Name
			if c.identity != "" {
				m.byName[c.identity] = rec.info.Name // contact requests give the partner as chatname
			}
			if err := s.SeedReadPosition(ctx, rec.info.Name, c.horizon); err != nil {
				return m, err
			}
		}
	}
	return m, nil
}

// chatInfo is what the archive records of a conversation: its first Chats
// name (or, without Chats rows, its identity, or a dialog's pair name), with
// every other name as an alias. ok is false for a row that names nothing.
func (r *reader) chatInfo(c *conversation) (store.ChatInfo, bool) {
	var names []string
	add := func(n string) {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range c.names {
		add(n)
	}
	if c.dialog {
		add(store.Dialog(r.owner, c.identity, c.names...)) // identity is the partner: relative to the owner
	} else {
		add(c.identity)
	}
	if _, relative := store.RelativeDialog(c.altIdentity); !relative {
		add(c.altIdentity) // a migrated chat's other name
	}
	if len(names) == 0 {
		return store.ChatInfo{}, false
	}
	info := store.ChatInfo{Name: names[0], Aliases: names[1:], Topic: c.topic, Members: c.members}
	if c.dialog && len(info.Members) == 0 && r.owner != "" && c.identity != "" {
		info.Members = []string{r.owner, c.identity}
	}
	return info, true
}

// conversations reads every Conversations row.
func (r *reader) conversations(ctx context.Context) (map[int64]*conversation, error) {
	convs := map[int64]*conversation{}
	cols, err := r.columns(ctx, "Conversations")
	if err != nil || len(cols) == 0 {
		return convs, err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT id, coalesce(identity, ''), coalesce(`+pick(cols, "alt_identity", "''")+`, ''),
		coalesce(`+pick(cols, "meta_topic", "''")+`, ''), coalesce(nullif(`+pick(cols, "given_displayname", "''")+`, ''), `+pick(cols, "displayname", "''")+`, ''),
		coalesce(type, 0), coalesce(`+pick(cols, "consumption_horizon", "0")+`, 0), coalesce(`+pick(cols, "consumption_horizon__ms", "0")+`, 0)
		FROM Conversations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		cells, err := scanCells(rows, 8)
		if err != nil {
			return nil, err
		}
		d := decoder{cells: cells, columns: []string{"id", "identity", "alt_identity", "meta_topic", "displayname", "type", "consumption_horizon", "consumption_horizon__ms"}}
		c := &conversation{id: d.int(), identity: d.text(), altIdentity: d.text(), topic: d.text(), shownAs: d.text()}
		typ, horizon, horizonMS := d.int(), d.int(), d.int()
		if d.bad != "" {
			r.skipBadValue("Conversations." + d.bad)
			continue
		}
		c.dialog = typ == 1
		if c.topic == "" && !c.dialog {
			c.topic = c.shownAs // a group's name as Skype showed it
		}
		c.horizon = readHorizon(horizon, horizonMS)
		convs[c.id] = c
	}
	return convs, rows.Err()
}

// readHorizon is the time a conversation's consumption horizon gives:
// every message sent then or before was read. Skype 7 keeps it to the
// millisecond beside the second; a horizon beyond the plausible (a
// skewed clock) or before Skype says nothing.
func readHorizon(sec, ms int64) time.Time {
	var t time.Time
	switch {
	case ms > 0:
		t = time.UnixMilli(ms)
	case sec > 0:
		t = time.Unix(sec, int64(time.Second-time.Millisecond)) // the whole second
	}
	if t.Before(earliest) || t.After(latest) {
		return time.Time{}
	}
	return t.UTC()
}

// chatRows reads the Chats rows, adding each to the conversation it points
// to; those pointing to none are returned as chats of their own.
func (r *reader) chatRows(ctx context.Context, convs map[int64]*conversation) ([]store.ChatInfo, error) {
	cols, err := r.columns(ctx, "Chats")
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT coalesce(name, ''), coalesce(`+pick(cols, "conv_dbid", "NULL")+`, 0),
		coalesce(`+pick(cols, "topic", "''")+`, ''), coalesce(`+pick(cols, "participants", "''")+`, ''),
		coalesce(`+pick(cols, "type", "0")+`, 0), coalesce(`+pick(cols, "dialog_partner", "''")+`, '')
		FROM Chats ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var alone []store.ChatInfo
	for rows.Next() {
		cells, err := scanCells(rows, 6)
		if err != nil {
			return nil, err
		}
		d := decoder{cells: cells, columns: []string{"name", "conv_dbid", "topic", "participants", "type", "dialog_partner"}}
		name, conv, topic, members, typ, partner := d.text(), d.int(), d.text(), d.text(), d.int(), d.text()
		if d.bad != "" {
			r.skipBadValue("Chats." + d.bad)
			continue
		}
		if name == "" {
			continue
		}
		if c, ok := convs[conv]; ok {
			c.names = append(c.names, name)
			if c.topic == "" {
				c.topic = topic
			}
			c.members = fieldsUnion(c.members, members)
			continue
		}
		info := store.ChatInfo{Name: name, Topic: topic, Members: fieldsUnion(nil, members)}
		if typ == 2 && partner != "" { // a dialog (observed: 2 dialog, 4 group)
			info.Aliases = []string{store.Dialog(r.owner, partner, name)}
		}
		alone = append(alone, info)
	}
	return alone, rows.Err()
}

// participants gives conversations without Chats rows their members from
// the Participants table.
func (r *reader) participants(ctx context.Context, convs map[int64]*conversation) error {
	cols, err := r.columns(ctx, "Participants")
	if err != nil || !cols["convo_id"] || !cols["identity"] {
		return err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT coalesce(convo_id, 0), coalesce(identity, '') FROM Participants ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		cells, err := scanCells(rows, 2)
		if err != nil {
			return err
		}
		d := decoder{cells: cells, columns: []string{"convo_id", "identity"}}
		conv, who := d.int(), d.text()
		if d.bad != "" {
			r.skipBadValue("Participants." + d.bad)
			continue
		}
		if c, ok := convs[conv]; ok && len(c.names) == 0 {
			c.members = fieldsUnion(c.members, who)
		}
	}
	return rows.Err()
}

// fieldsUnion adds the space-separated handles of list to have, once each.
func fieldsUnion(have []string, list string) []string {
	for _, h := range strings.Fields(list) {
		if !slices.Contains(have, h) {
			have = append(have, h)
		}
	}
	return have
}
