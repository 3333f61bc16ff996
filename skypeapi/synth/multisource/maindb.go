package multisource

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// row is one table row by column name; absent columns are NULL.
type row map[string]any

// mainDB is what one main.db holds, table by table.
type mainDB struct {
	tables                                                       skypeTables
	accounts, contacts, conversations, chats, participants, msgs []row
}

// buildMainDB lays out person pi's main.db holding holds, and sets where
// each is filed.
func (w *World) buildMainDB(pi int, holds []Sighting) *mainDB {
	p := &w.People[pi]
	r := w.sourceRand(MainDB, pi)
	db := &mainDB{tables: p.MainDB.tables()}
	db.accounts = []row{{"id": 1, "is_permanent": 1, "status": 7, "type": 1, "skypename": p.Handle, "fullname": p.Name}}

	// The chats, in the order the file first saw them.
	var order []int
	held := map[int][]Sighting{}
	for _, h := range holds {
		c := w.Messages[h.Message].Chat
		if held[c] == nil {
			order = append(order, c)
		}
		held[c] = append(held[c], h)
	}
	layouts := map[int]layout{}
	convIDs := map[int][]int64{}
	nextID := int64(100)
	contacts := map[string]bool{}
	for _, ci := range order {
		c := &w.Chats[ci]
		l := layoutOf(c, p.Handle, p.MainDB, r)
		layouts[ci] = l
		first, last := w.Messages[held[ci][0].Message].Time, w.Messages[held[ci][len(held[ci])-1].Message].Time
		var posters []string
		for _, h := range held[ci] {
			if a := w.Messages[h.Message].Author; !slices.Contains(posters, a) {
				posters = append(posters, a)
			}
		}
		for _, cv := range l.convs {
			nextID += 1 + r.Int63n(4)
			id := nextID
			convIDs[ci] = append(convIDs[ci], id)
			db.conversations = append(db.conversations, w.convRow(id, c, cv, p, first, last))
			for _, name := range cv.names {
				nextID += 1 + r.Int63n(4)
				db.chats = append(db.chats, w.chatRow(nextID, id, name, c, p, first, last, posters))
			}
			for i, m := range c.Members {
				rank := 3
				if i == 0 && c.Kind != Dialog {
					rank = 1
				}
				nextID++
				db.participants = append(db.participants, row{"id": nextID, "is_permanent": 1, "convo_id": id, "identity": m, "rank": rank})
			}
		}
		for _, m := range c.Members {
			if m != p.Handle && !contacts[m] {
				contacts[m] = true
				q := w.Person(m)
				nextID++
				db.contacts = append(db.contacts, row{"id": nextID, "is_permanent": 1, "type": 1, "skypename": m,
					"fullname": q.Name, "displayname": q.Name, "buddystatus": 3, "isauthorized": 1, "isblocked": 0})
			}
		}
	}

	id := nextID + 100
	for k, h := range holds {
		m := &w.Messages[h.Message]
		c := &w.Chats[m.Chat]
		l := layouts[m.Chat]
		cv, name := l.route(m.Time)
		id += 1 + r.Int63n(3)
		v := m.Versions[h.Current]
		msg := row{
			"id": id, "is_permanent": 1, "convo_id": convIDs[m.Chat][cv], "author": m.Author, "from_dispname": m.AuthorName,
			"timestamp": m.Time.Add(p.Skew).Unix(), "type": 61, "chatmsg_type": 3, "chatmsg_status": 4, "consumption_status": 0,
			"body_xml": v.Body, "pk_id": r.Int63n(1 << 31), "crc": r.Int63n(1 << 32), "remote_id": r.Int63n(1 << 31),
		}
		where := fmt.Sprintf("in Conversations %q", l.convs[cv].identity)
		if len(l.convs[cv].names) == 0 {
			where += " (no Chats row)"
		}
		if r.Float64() >= l.nullName {
			msg["chatname"] = name
			where += fmt.Sprintf(", chatname %q", name)
		} else {
			where += ", chatname NULL"
		}
		holds[k].Where = where
		if r.Intn(20) > 0 {
			msg["guid"] = m.GUID
		}
		if c.Kind == Dialog {
			msg["dialog_partner"] = c.Partner(p.Handle)
		}
		if m.Author == p.Handle {
			msg["sending_status"], msg["chatmsg_status"] = 2, 2
		}
		if h.Current > 0 {
			msg["edited_by"], msg["edited_timestamp"] = m.Author, v.At.Add(p.Skew).Unix()
		}
		if p.MainDB == Skype7Late {
			msg["timestamp__ms"] = m.Time.Add(p.Skew).UnixMilli()
		}
		db.msgs = append(db.msgs, msg)
	}
	return db
}

// convRow is the Conversations row of cv, one of chat c's conversations in p's file.
func (w *World) convRow(id int64, c *Chat, cv conv, p *Person, first, last time.Time) row {
	x := row{"id": id, "is_permanent": 1, "identity": cv.identity, "type": 2, "creator": c.Members[0],
		"creation_timestamp": c.Born.Add(p.Skew).Unix(), "last_activity_timestamp": last.Add(p.Skew).Unix(),
		"inbox_timestamp": first.Add(p.Skew).Unix(), "my_status": 1, "is_bookmarked": 0}
	if cv.dialog {
		x["type"], x["displayname"], x["creator"] = 1, w.Person(c.Partner(p.Handle)).Name, nil
	} else {
		x["displayname"], x["meta_topic"] = c.Topic, c.Topic
	}
	if cv.alt != "" {
		x["alt_identity"] = cv.alt
	}
	if cv.migrated {
		x["is_p2p_migrated"] = 1
	}
	return x
}

// chatRow is a Chats row named name pointing at conversation conv.
func (w *World) chatRow(id, conv int64, name string, c *Chat, p *Person, first, last time.Time, posters []string) row {
	x := row{"id": id, "is_permanent": 1, "name": name, "timestamp": first.Add(p.Skew).Unix(),
		"activity_timestamp": last.Add(p.Skew).Unix(), "type": 4, "mystatus": 2, "myrole": 2,
		"posters": strings.Join(posters, " "), "participants": strings.Join(c.Members, " "),
		"activemembers": strings.Join(c.Members, " "), "conv_dbid": conv}
	if c.Kind == Dialog {
		partner := c.Partner(p.Handle)
		x["type"], x["dialog_partner"], x["friendlyname"], x["myrole"] = 2, partner, w.Person(partner).Name, 4
	} else {
		x["topic"], x["topic_xml"], x["friendlyname"] = c.Topic, escapeTopic(c.Topic), c.Topic
	}
	if c.Members[0] != p.Handle {
		x["adder"] = c.Members[0]
	}
	return x
}

func escapeTopic(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// write creates the main.db file at path.
func (db *mainDB) write(path string) (err error) {
	// A file: URI, so '#' and '?' in the path (Skype's "live#3a…" profile
	// folders) are escaped.
	d, err := sql.Open("sqlite", store.FileURI(path)+"?_pragma=synchronous(off)&_pragma=journal_mode(off)")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := d.Close(); err == nil {
			err = cerr
		}
	}()
	d.SetMaxOpenConns(1)
	ctx := context.Background()
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := db.tables
	all := append([]table{dbMeta, appSchemaVersion, t.accounts, t.contacts, t.conversations, t.chats, t.participants, t.messages}, emptyTables...)
	for _, tab := range all {
		if _, err := tx.ExecContext(ctx, tab.create()); err != nil {
			return fmt.Errorf("%s: %w", tab.name, err)
		}
	}
	fill := []struct {
		t    table
		rows []row
	}{
		{dbMeta, []row{{"key": "cur_schema_name", "value": "base 1.0"}}},
		{appSchemaVersion, []row{{"ClientVersion": t.client, "SQLiteSchemaVersion": t.schema, "SchemaUpdateType": 3}}},
		{t.accounts, db.accounts}, {t.contacts, db.contacts}, {t.conversations, db.conversations},
		{t.chats, db.chats}, {t.participants, db.participants}, {t.messages, db.msgs},
	}
	for _, f := range fill {
		if err := insert(ctx, tx, f.t, f.rows); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// insert adds rows to a table, naming every column the table has.
func insert(ctx context.Context, tx *sql.Tx, t table, rows []row) error {
	names := t.names()
	st, err := tx.PrepareContext(ctx, "INSERT INTO "+t.name+" ("+strings.Join(names, ", ")+") VALUES (?"+strings.Repeat(", ?", len(names)-1)+")")
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	defer st.Close()
	args := make([]any, len(names))
	for _, x := range rows {
		n := 0
		for i, name := range names {
			v, ok := x[name]
			args[i] = v
			if ok {
				n++
			}
		}
		if n != len(x) {
			return fmt.Errorf("%s: a row names columns the table lacks: %v", t.name, x)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	return nil
}
