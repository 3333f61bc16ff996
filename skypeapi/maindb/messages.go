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
		var id, conv, ts, typ, edited int64
		var ms sql.NullInt64
		var chatname, author, name, body, editedBy string
		var guid []byte
		if err := rows.Scan(&id, &conv, &chatname, &author, &name, &ts, &ms, &typ, &body, &editedBy, &edited, &guid); err != nil {
			p.Abandon()
			return rep, err
		}
		chat := chats.of(conv, chatname) // its conversation; the chat name is a hint
		switch {
		case chat == "":
			rep.SkippedNoChat++
			continue
		case author == "":
			rep.SkippedNoAuthor++
			continue
		}
		in := store.Incoming{
			Chat: chat, Source: source, Ref: "row:" + strconv.FormatInt(id, 10),
			Author: author, AuthorName: name, Type: typeName(typ), Body: body,
		}
		if len(guid) > 0 {
			in.Ref = "guid:" + hex.EncodeToString(guid) // the same message in another copy of this account's main.db
		}
		used[in.Chat] = true
		in.Time = time.Unix(ts, 0).UTC()
		if ms.Valid && ms.Int64 > 0 {
			in.Time, in.Precise = time.UnixMilli(ms.Int64).UTC(), true
		}
		if in.Time.Before(earliest) || in.Time.After(latest) {
			in.TimeSuspect = true
			rep.SuspectTime++
		}
		if edited > 0 {
			in.EditedBy, in.EditedAt = editedBy, time.Unix(edited, 0).UTC()
			if in.EditedBy == "" {
				in.EditedBy = author
			}
			in.Deleted = strings.TrimSpace(body) == ""
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
