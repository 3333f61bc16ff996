package maindb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

const importBatch = 5000

// messageTypes names Messages.type values (spec 2.3) as the live API would.
var messageTypes = map[int64]string{
	2: "SETTOPIC", 4: "CREATEDCHATWITH", 8: "CANPARTICIPATE", 9: "NEEDSUPDATE", 10: "ADDEDMEMBERS",
	11: "ADDEDAPPLICANTS", 12: "KICKED", 13: "LEFT", 21: "SETROLE", 30: "CALLSTARTED", 39: "CALLENDED",
	50: "CONTACTREQUEST", 51: "CONTACTGRANTED", 53: "BLOCKED", 60: "EMOTED", 61: "SAID", 63: "POSTEDCONTACTS",
	64: "SMS", 65: "ALERT", 67: "VOICEMESSAGE", 68: "FILES", 69: "INVOICE", 70: "VIDEOMESSAGE",
	100: "FILENOTICE", 110: "BIRTHDAY", 201: "FILE", 253: "MEDIAMESSAGE",
}

func typeName(t int64) string {
	if name, ok := messageTypes[t]; ok {
		return name
	}
	return "TYPE" + strconv.FormatInt(t, 10)
}

// Plausible message times: Skype appeared in 2003; a year ahead allows for
// skewed clocks. Anything else is kept but flagged (the fixture has one).
var (
	earliest = time.Date(2003, 1, 1, 0, 0, 0, 0, time.UTC)
	latest   = time.Now().AddDate(1, 0, 0)
)

// messageColumns name the columns of the Messages query, in its order.
var messageColumns = []string{"id", "convo_id", "chatname", "author", "from_dispname", "timestamp", "timestamp__ms",
	"type", "body_xml", "edited_by", "edited_timestamp", "guid"}

// messageRow is a Messages row as the import reads it.
type messageRow struct {
	id, conv               int64
	chatname, author, name string
	ts                     int64
	ms                     sql.NullInt64
	typ                    int64
	body, editedBy         string
	edited                 int64
	guid                   []byte
}

// decodeMessageRow reads the cells of a Messages row (messageColumns),
// whatever kinds of value SQLite holds in them. bad names the first column
// whose value cannot be what Skype keeps there (text where a number
// belongs, say), "" when the row reads.
func decodeMessageRow(cells []any) (row messageRow, bad string) {
	d := decoder{cells: cells, columns: messageColumns}
	row.id, row.conv = d.int(), d.int()
	row.chatname, row.author, row.name = d.text(), d.text(), d.text()
	row.ts, row.ms, row.typ = d.int(), d.nullInt(), d.int()
	row.body, row.editedBy, row.edited = d.text(), d.text(), d.int()
	row.guid = d.blob()
	return row, d.bad
}

func (r *reader) importInto(ctx context.Context, s *store.Store, progress func(done, total int64)) (Report, error) {
	var rep Report
	if err := r.q.QueryRowContext(ctx, `SELECT coalesce(skypename, '') FROM Accounts LIMIT 1`).Scan(&r.owner); err != nil {
		r.owner = "" // no Accounts row (or table): the owner is unknown
	}
	rep.Owner = r.owner
	source := store.SourceName("maindb", r.owner)
	var total int64
	if err := r.q.QueryRowContext(ctx, `SELECT count(*) FROM Messages`).Scan(&total); err != nil {
		return rep, err
	}
	chats, err := r.chats(ctx, s)
	if err != nil {
		return rep, err
	}
	cols, err := r.columns(ctx, "Messages")
	if err != nil {
		return rep, err
	}
	before, err := s.MergedWith(ctx, source)
	if err != nil {
		return rep, err
	}
	rows, err := r.q.QueryContext(ctx, `SELECT id, coalesce(`+pick(cols, "convo_id", "NULL")+`, 0), coalesce(chatname, ''),
		coalesce(author, ''), coalesce(from_dispname, ''),
		coalesce(timestamp, 0), `+pick(cols, "timestamp__ms", "NULL")+`, coalesce(type, 0), coalesce(body_xml, ''),
		coalesce(`+pick(cols, "edited_by", "''")+`, ''), coalesce(`+pick(cols, "edited_timestamp", "0")+`, 0), `+pick(cols, "guid", "NULL")+`
		FROM Messages ORDER BY timestamp, id`)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	p := store.NewPipeline[struct{}](ctx, s, importBatch, nil)
	used := map[string]bool{}
	for rows.Next() {
		if rep.Read++; progress != nil && rep.Read%1024 == 0 {
			progress(min(int64(rep.Read), total), total)
		}
		cells, err := scanCells(rows, len(messageColumns))
		if err != nil {
			p.Abandon()
			return rep, err
		}
		row, bad := decodeMessageRow(cells)
		if bad != "" {
			r.skipBadValue("Messages." + bad)
			continue
		}
		chat := chats.of(row.conv, row.chatname) // its conversation; the chat name is a hint
		switch {
		case chat == "":
			rep.SkippedNoChat++
			continue
		case row.author == "":
			rep.SkippedNoAuthor++
			continue
		}
		in := store.Incoming{
			Chat: chat, Source: source, Ref: "row:" + strconv.FormatInt(row.id, 10),
			Author: row.author, AuthorName: row.name, Type: typeName(row.typ), Body: row.body,
		}
		if len(row.guid) > 0 {
			in.Ref = "guid:" + hex.EncodeToString(row.guid) // the same message in another copy of this account's main.db
		}
		used[in.Chat] = true
		in.Time = time.Unix(row.ts, 0).UTC()
		if row.ms.Valid && row.ms.Int64 > 0 {
			in.Time, in.Precise = time.UnixMilli(row.ms.Int64).UTC(), true
		}
		if in.Time.Before(earliest) || in.Time.After(latest) {
			in.TimeSuspect = true
			rep.SuspectTime++
		}
		if row.edited > 0 {
			in.EditedBy, in.EditedAt = row.editedBy, time.Unix(row.edited, 0).UTC()
			if in.EditedBy == "" {
				in.EditedBy = row.author
			}
			in.Deleted = strings.TrimSpace(row.body) == ""
		}
		if err := p.Add(in, struct{}{}); err != nil {
			break
		}
	}
	var res store.IngestResult
	if err := rows.Err(); err != nil {
		p.Abandon()
		return rep, err
	}
	res, err = p.Close()
	rep.IngestResult = res
	rep.SkippedBadValue = r.bad
	rep.Chats = len(used)
	if err != nil {
		return rep, err
	}
	if rep.MergedWith, err = s.MergedSince(ctx, source, before); err != nil {
		return rep, err
	}
	if progress != nil {
		progress(total, total)
	}
	return rep, nil
}
