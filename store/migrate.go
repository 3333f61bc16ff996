package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// migration is one step of the schema history: SQL, and for what SQL
// cannot do, Go, run after it in the same transaction.
type migration struct {
	sql string
	run func(ctx context.Context, s *Store, tx *sql.Tx) error
}

// migrations is the schema history, oldest first. The schema version is the
// number of migrations applied (SQLite's user_version). Never edit a
// migration that has shipped; append a new one.
var migrations = []migration{
	// 1: chats, messages, their sources and earlier versions.
	{sql: `
CREATE TABLE chats (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE,          -- the Desktop API name, e.g. #alice/$bob;0123456789abcdef
	web_id        TEXT NOT NULL UNIQUE,          -- name made safe for URLs: # -> (, / -> )
	topic         TEXT NOT NULL DEFAULT '',
	members       TEXT NOT NULL DEFAULT '',      -- space-separated handles
	collected     INTEGER NOT NULL DEFAULT 0,    -- the user picked it for live collection
	problem       TEXT NOT NULL DEFAULT '',      -- why Skype cannot serve it, if it cannot
	message_count INTEGER NOT NULL DEFAULT 0,
	last_message_at INTEGER NOT NULL DEFAULT 0   -- unix ms
);
CREATE TABLE chat_aliases (                    -- other names of a chat: 19:…@p2p.thread.skype, 8:bob, old names
	alias   TEXT PRIMARY KEY,
	chat_id INTEGER NOT NULL REFERENCES chats(id)
) WITHOUT ROWID;
CREATE TABLE sources (                         -- who saw messages: live:alice, export:alice, maindb:alice
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);
-- A message's id is the change sequence number it was archived at, so new
-- messages append to the table and the index follows them by id alone.
CREATE TABLE messages (
	id             INTEGER PRIMARY KEY,
	key            TEXT NOT NULL,                -- stable permalink anchor and feed id; starts with the send time
	chat_id        INTEGER NOT NULL REFERENCES chats(id),
	author         TEXT NOT NULL,
	author_name    TEXT NOT NULL,
	sent_at        INTEGER NOT NULL,             -- unix ms, UTC
	time_precision INTEGER NOT NULL,             -- ms the source's clock resolves: 1 or 1000
	time_suspect   INTEGER NOT NULL DEFAULT 0,   -- the source gave an impossible time
	type           TEXT NOT NULL,
	body           TEXT NOT NULL,                -- raw Skype markup
	text           TEXT,                         -- plain text of body; NULL when it equals body
	text_hash      INTEGER NOT NULL,             -- 64-bit FNV-1a of the plain text, for matching
	edited_by      TEXT NOT NULL DEFAULT '',
	edited_at      INTEGER NOT NULL DEFAULT 0,   -- unix ms, 0 if never edited
	deleted        INTEGER NOT NULL DEFAULT 0,
	seq            INTEGER NOT NULL,             -- change sequence of its last change
	source_id      INTEGER NOT NULL REFERENCES sources(id), -- the first source that reported it,
	ref            TEXT NOT NULL,                -- its reference for it,
	observed       INTEGER NOT NULL              -- and a hash of what it last said
);
CREATE INDEX messages_by_chat_time ON messages(chat_id, sent_at);
CREATE TABLE message_refs (                    -- further sources that reported a message
	message_id INTEGER NOT NULL REFERENCES messages(id),
	source_id  INTEGER NOT NULL REFERENCES sources(id),
	ref        TEXT NOT NULL,
	observed   INTEGER NOT NULL,
	PRIMARY KEY (message_id, source_id, ref)
) WITHOUT ROWID;
CREATE TABLE changes (                         -- changes to archived messages, in sequence
	seq        INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id)
);
CREATE TABLE message_versions (                -- earlier bodies of edited or deleted messages
	id         INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL REFERENCES messages(id),
	body       TEXT NOT NULL,
	text       TEXT NOT NULL,
	text_hash  INTEGER NOT NULL,
	edited_by  TEXT NOT NULL DEFAULT '',
	edited_at  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX message_versions_by_message ON message_versions(message_id);
`},
	// 2: the sequence of a chat's last change, a cheap validator for its pages and feed.
	{sql: `ALTER TABLE chats ADD COLUMN changed_seq INTEGER NOT NULL DEFAULT 0;`},
	// 3: messages folded into another when two chats turned out to be one; the
	// index drops them in sequence like any other change.
	{sql: `CREATE TABLE removed_messages (
	seq        INTEGER PRIMARY KEY,
	message_id INTEGER NOT NULL,                 -- no longer in messages
	chat_id    INTEGER NOT NULL,                 -- the chat and key it was archived under,
	key        TEXT NOT NULL,
	into_id    INTEGER NOT NULL                  -- and the message it became part of, for old permalinks
);`},
	// 4: reactions to messages, filed under the reference of the source that
	// reported them, so that they follow the message through merges.
	{sql: `CREATE TABLE reactions (
	source_id INTEGER NOT NULL REFERENCES sources(id),
	ref       TEXT NOT NULL,                     -- the source's reference of the message
	emotion   TEXT NOT NULL,                     -- e.g. like, heart, laugh
	user      TEXT NOT NULL,                     -- who reacted (handle)
	at        INTEGER NOT NULL DEFAULT 0,        -- unix ms, 0 if unknown
	PRIMARY KEY (source_id, ref, emotion, user)
) WITHOUT ROWID;`},
	// 5: plain texts derived again by the one reader of Skype markup, where
	// it reads them otherwise than the version that stored them. A later
	// change to what store/markup makes of a body appends such a step again.
	{run: rederiveTexts},
	// 6: dialogs named by the pair of their people, not by a partner relative
	// to an owner (see pairDialogs).
	{run: pairDialogs},
	// 7: messages an earlier version filed as versions of another, though
	// neither copy carried an edit mark, become messages of their own.
	{run: splitUnmarkedVersions},
	// 8: a chat's last activity leaves out impossible times, and the index
	// files messages with impossible times under no date (they change, so
	// that the index applies them again).
	{sql: `UPDATE chats SET last_message_at = coalesce((SELECT max(sent_at) FROM messages
	WHERE chat_id = chats.id AND NOT time_suspect), 0);
INSERT INTO changes (seq, message_id)
	SELECT max(coalesce((SELECT max(id) FROM messages), 0), coalesce((SELECT max(seq) FROM changes), 0),
		coalesce((SELECT max(seq) FROM removed_messages), 0)) + row_number() OVER (ORDER BY id), id
	FROM messages WHERE time_suspect;
UPDATE messages SET seq = (SELECT max(seq) FROM changes c WHERE c.message_id = messages.id) WHERE time_suspect;
UPDATE chats SET changed_seq = (SELECT max(seq) FROM messages m WHERE m.chat_id = chats.id)
	WHERE id IN (SELECT chat_id FROM messages WHERE time_suspect);`},
	// 9: statistics kept up to date with the change sequence (see stats.go):
	// what each message counted for, and the sums over hours and authors.
	// (IF NOT EXISTS: tests rewind user_version to replay earlier steps.)
	{sql: `
CREATE TABLE IF NOT EXISTS stats_counted (     -- each message the statistics count, as they counted it
	message_id INTEGER PRIMARY KEY,
	chat_id    INTEGER NOT NULL,
	sent_at    INTEGER NOT NULL,                 -- unix ms
	author     TEXT NOT NULL,
	words      INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS stats_hours (       -- messages per chat and UTC hour; chat 0 is the whole archive
	chat_id  INTEGER NOT NULL,
	hour     INTEGER NOT NULL,                   -- unix time / 3600
	messages INTEGER NOT NULL,
	PRIMARY KEY (chat_id, hour)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stats_hours_by_hour ON stats_hours(hour, chat_id, messages);
CREATE TABLE IF NOT EXISTS stats_authors (     -- messages and words per chat and author
	chat_id  INTEGER NOT NULL,
	author   TEXT NOT NULL,
	messages INTEGER NOT NULL,
	words    INTEGER NOT NULL,
	PRIMARY KEY (chat_id, author)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats_names (       -- every display name an author went by
	author  TEXT NOT NULL,
	name    TEXT NOT NULL,
	seen_at INTEGER NOT NULL,                    -- unix ms of the newest message under it
	PRIMARY KEY (author, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats_state (applied_seq INTEGER NOT NULL); -- the last change counted
INSERT INTO stats_state SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM stats_state);
`},
	// 10: people's names, one row per handle (see people.go), seeded with the
	// name each author's newest message gave.
	{sql: `CREATE TABLE IF NOT EXISTS people (
	handle       TEXT PRIMARY KEY,
	contact_name TEXT NOT NULL DEFAULT '',     -- the name the archive's owner knows them by
	full_name    TEXT NOT NULL DEFAULT '',     -- the name they gave themselves
	said_name    TEXT NOT NULL DEFAULT '',     -- the name their newest message gave,
	said_at      INTEGER NOT NULL DEFAULT 0,   -- and that message's time (unix ms)
	owner        INTEGER NOT NULL DEFAULT 0    -- 1: an account the archive's sources belong to
) WITHOUT ROWID;
INSERT OR IGNORE INTO people (handle, said_name, said_at)
	SELECT author, author_name, max(sent_at) FROM messages
	WHERE author_name NOT IN ('', author) AND NOT time_suspect GROUP BY author;`},
	// 11: where the user stopped reading each chat (see read.go), and the few
	// messages of impossible times, which are never unread.
	{sql: `CREATE INDEX IF NOT EXISTS messages_suspect ON messages(chat_id, sent_at) WHERE time_suspect;`, run: addColumns("chats",
		"read_at INTEGER",                        // the last message read: its time (unix ms), NULL if none
		"read_id INTEGER NOT NULL DEFAULT 0",     // and its id, which orders messages of one ms
		"read_opened INTEGER NOT NULL DEFAULT 0", // 1 once read here: sources no longer seed it
	)},
	// 12: messages per chat and local day, for the calendar (see calendar.go),
	// kept by triggers whatever changes messages.
	{sql: `CREATE TABLE IF NOT EXISTS chat_days (
	chat_id INTEGER NOT NULL,
	day     INTEGER NOT NULL,                  -- local date as YYYYMMDD
	n       INTEGER NOT NULL,                  -- messages with a possible time
	PRIMARY KEY (chat_id, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS calendar_zone (fingerprint TEXT NOT NULL); -- the time zone the days were counted in
CREATE TRIGGER IF NOT EXISTS chat_days_insert AFTER INSERT ON messages WHEN NOT new.time_suspect BEGIN
	INSERT INTO chat_days (chat_id, day, n) VALUES (new.chat_id, cc_localday(new.sent_at), 1)
		ON CONFLICT (chat_id, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER IF NOT EXISTS chat_days_delete AFTER DELETE ON messages WHEN NOT old.time_suspect BEGIN
	UPDATE chat_days SET n = n - 1 WHERE chat_id = old.chat_id AND day = cc_localday(old.sent_at);
END;
CREATE TRIGGER IF NOT EXISTS chat_days_update AFTER UPDATE OF chat_id, sent_at, time_suspect ON messages
	WHEN old.chat_id != new.chat_id OR old.sent_at != new.sent_at OR old.time_suspect != new.time_suspect BEGIN
	UPDATE chat_days SET n = n - 1 WHERE NOT old.time_suspect AND chat_id = old.chat_id AND day = cc_localday(old.sent_at);
	INSERT INTO chat_days (chat_id, day, n) SELECT new.chat_id, cc_localday(new.sent_at), 1 WHERE NOT new.time_suspect
		ON CONFLICT (chat_id, day) DO UPDATE SET n = n + 1;
END;`, run: func(ctx context.Context, _ *Store, tx *sql.Tx) error { return countDays(ctx, tx) }},
	// 13: the statistics' messages per hour packed by spans of hours, for
	// reading years of them at once (see stats_spans.go).
	{sql: `CREATE TABLE IF NOT EXISTS stats_spans (
	chat_id INTEGER NOT NULL,                  -- 0 is the whole archive
	span    INTEGER NOT NULL,                  -- UTC hour / 1024
	counts  BLOB NOT NULL,                     -- its hours with messages, packed (encodeSpan)
	PRIMARY KEY (chat_id, span)
);`, run: func(ctx context.Context, _ *Store, tx *sql.Tx) error { return fillSpans(ctx, tx) }},
}

// addColumns is a migration step adding columns (name and definition) to
// a table, each unless it has it: steps that add to the schema leave it as
// they found it when run again (an archive whose version was set back).
func addColumns(table string, columns ...string) func(ctx context.Context, s *Store, tx *sql.Tx) error {
	return func(ctx context.Context, _ *Store, tx *sql.Tx) error {
		for _, col := range columns {
			name, _, _ := strings.Cut(col, " ")
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info(?) WHERE name = ?`, table, name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `ALTER TABLE `+table+` ADD COLUMN `+col); err != nil {
				return fmt.Errorf("add %s.%s: %w", table, name, describe(err))
			}
		}
		return nil
	}
}

// migrate brings the schema up to date, one transaction per migration.
func migrate(s *Store) error {
	ctx := context.Background()
	var current int
	if err := s.db.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&current); err != nil {
		return describe(err)
	}
	if current > len(migrations) {
		return fmt.Errorf("schema version %d is newer than this program knows (%d); update Chat Channels", current, len(migrations))
	}
	for i := current; i < len(migrations); i++ {
		if err := applyMigration(ctx, s, i); err != nil {
			return fmt.Errorf("migration %d: %w", i+1, err)
		}
	}
	return nil
}

// applyMigration applies migrations[i] and records it, in one transaction.
func applyMigration(ctx context.Context, s *Store, i int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return describe(err)
	}
	defer tx.Rollback()
	m := migrations[i]
	if m.sql != "" {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return describe(err)
		}
	}
	if m.run != nil {
		if err := m.run(ctx, s, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return describe(err)
	}
	return nil
}
