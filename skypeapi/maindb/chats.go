package maindb

import (
	"context"
	"slices"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// conversation is one Conversations row with the Chats rows that point to
// it: a dialog can have several (spec 2.2), all one chat here.
type conversation struct {
	identity, altIdentity, topic string
	dialog                       bool
	names                        []string // Chats.name values, sorted
	members                      []string
}

// chats maps each Chats.name to the chat it is archived under, folding the
// several names of one conversation into one chat, and records the chats.
func (r *reader) chats(ctx context.Context, s *store.Store) (map[string]string, error) {
	convCols, err := r.columns(ctx, "Conversations")
	if err != nil {
		return nil, err
	}
	convs := map[int64]*conversation{}
	if len(convCols) > 0 {
		rows, err := r.q.QueryContext(ctx, `SELECT id, coalesce(identity, ''), coalesce(`+pick(convCols, "alt_identity", "''")+`, ''),
			coalesce(`+pick(convCols, "meta_topic", "''")+`, ''), coalesce(type, 0) FROM Conversations`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, typ int64
			c := &conversation{}
			if err := rows.Scan(&id, &c.identity, &c.altIdentity, &c.topic, &typ); err != nil {
				rows.Close()
				return nil, err
			}
			c.dialog = typ == 1
			convs[id] = c
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	chatCols, err := r.columns(ctx, "Chats")
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT name, coalesce(`+pick(chatCols, "conv_dbid", "NULL")+`, 0),
		coalesce(`+pick(chatCols, "topic", "''")+`, ''), coalesce(`+pick(chatCols, "participants", "''")+`, '') FROM Chats ORDER BY name`)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	var alone []store.ChatInfo
	for rows.Next() {
		var name, topic, members string
		var conv int64
		if err := rows.Scan(&name, &conv, &topic, &members); err != nil {
			rows.Close()
			return nil, err
		}
		if c, ok := convs[conv]; ok {
			c.names = append(c.names, name)
			if c.topic == "" {
				c.topic = topic
			}
			c.members = fieldsUnion(c.members, members)
			continue
		}
		alone = append(alone, store.ChatInfo{Name: name, Topic: topic, Members: fieldsUnion(nil, members)})
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var infos []store.ChatInfo
	for _, c := range convs {
		if len(c.names) == 0 {
			continue
		}
		info := store.ChatInfo{Name: c.names[0], Aliases: c.names[1:], Topic: c.topic, Members: c.members}
		if c.dialog && c.identity != "" {
			info.Aliases = append(info.Aliases, "8:"+c.identity) // the export's name for the dialog
		} else if c.identity != "" && c.identity != info.Name {
			info.Aliases = append(info.Aliases, c.identity)
		}
		if c.altIdentity != "" {
			info.Aliases = append(info.Aliases, c.altIdentity) // a migrated chat's other name
		}
		infos = append(infos, info)
	}
	infos = append(infos, alone...)
	slices.SortFunc(infos, func(a, b store.ChatInfo) int { return compare(a.Name, b.Name) })
	for _, info := range infos {
		if _, err := s.EnsureChat(ctx, info); err != nil {
			return nil, err
		}
		for _, n := range append([]string{info.Name}, info.Aliases...) {
			names[n] = info.Name
		}
	}
	return names, nil
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
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
