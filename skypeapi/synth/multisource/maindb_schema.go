package multisource

import "strings"

// table is a main.db table: its columns in the order one Skype version
// created them ("name TYPE", the first being the key).
type table struct {
	name    string
	columns []string
}

// names are the table's column names, in order.
func (t table) names() []string {
	out := make([]string, len(t.columns))
	for i, c := range t.columns {
		out[i], _, _ = strings.Cut(c, " ")
	}
	return out
}

func (t table) create() string {
	return "CREATE TABLE " + t.name + " (" + strings.Join(t.columns, ", ") + ")"
}

// cols splits a comma-separated column list.
func cols(s string) []string {
	var out []string
	for _, c := range strings.Split(s, ",") {
		out = append(out, strings.Join(strings.Fields(c), " "))
	}
	return out
}

// The tables every version has in the same shape.
var (
	dbMeta           = table{"DbMeta", cols("key TEXT NOT NULL PRIMARY KEY, value TEXT")}
	appSchemaVersion = table{"AppSchemaVersion", cols("ClientVersion TEXT NOT NULL, SQLiteSchemaVersion INTEGER NOT NULL, SchemaUpdateType INTEGER NOT NULL")}
	emptyTables      = []table{
		{"LegacyMessages", cols("id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER")},
		{"Calls", cols("id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, begin_timestamp INTEGER, topic TEXT, is_muted INTEGER, is_unseen_missed INTEGER, host_identity TEXT, duration INTEGER, name TEXT, is_incoming INTEGER, is_conference INTEGER, conv_dbid INTEGER")},
		{"Transfers", cols("id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, partner_handle TEXT, partner_dispname TEXT, status INTEGER, starttime INTEGER, finishtime INTEGER, filepath TEXT, filename TEXT, filesize TEXT, chatmsg_guid BLOB, chatmsg_index INTEGER, convo_id INTEGER")},
		{"SMSes", cols("id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, status INTEGER, target_numbers TEXT, body TEXT, timestamp INTEGER, chatmsg_id INTEGER")},
	}
)

// skypeTables are the tables whose shape differs between versions: the
// columns a file of each version has (a subset of the real ones, in their
// real order: Skype 6.6 as the plaso fixture has them, Skype 7 as
// Skyperious creates them).
type skypeTables struct {
	client        string // AppSchemaVersion.ClientVersion
	schema        int    // AppSchemaVersion.SQLiteSchemaVersion
	accounts      table
	contacts      table
	conversations table
	chats         table
	participants  table
	messages      table
}

var skype6Tables = skypeTables{
	client: "0/6.6.0.106//_checksum_3768521794", schema: 66,
	accounts: table{"Accounts", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, status INTEGER, liveid_membername TEXT,
		type INTEGER, skypename TEXT, pstnnumber TEXT, fullname TEXT, birthday INTEGER, gender INTEGER, languages TEXT,
		country TEXT, city TEXT, emails TEXT, displayname TEXT, mood_text TEXT, given_displayname TEXT`)},
	contacts: table{"Contacts", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, skypename TEXT,
		pstnnumber TEXT, aliases TEXT, fullname TEXT, birthday INTEGER, gender INTEGER, languages TEXT, country TEXT,
		city TEXT, about TEXT, mood_text TEXT, displayname TEXT, given_displayname TEXT, buddystatus INTEGER,
		isauthorized INTEGER, isblocked INTEGER, liveid_cid TEXT`)},
	conversations: table{"Conversations", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, identity TEXT,
		type INTEGER, live_host TEXT, is_bookmarked INTEGER, given_displayname TEXT, displayname TEXT, inbox_timestamp INTEGER,
		consumption_horizon INTEGER, last_activity_timestamp INTEGER, creator TEXT, creation_timestamp INTEGER,
		my_status INTEGER, meta_name TEXT, meta_topic TEXT, picture TEXT, is_p2p_migrated INTEGER, guid TEXT,
		dialog_partner TEXT, chat_dbid INTEGER, history_sync_state TEXT, thread_version TEXT, alt_identity TEXT,
		extprop_chat_avatar INTEGER`)},
	chats: table{"Chats", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, name TEXT, options INTEGER,
		friendlyname TEXT, description TEXT, timestamp INTEGER, activity_timestamp INTEGER, dialog_partner TEXT,
		adder TEXT, type INTEGER, mystatus INTEGER, myrole INTEGER, posters TEXT, participants TEXT, applicants TEXT,
		banned_users TEXT, name_text TEXT, topic TEXT, topic_xml TEXT, guidelines TEXT, picture BLOB, alertstring TEXT,
		is_bookmarked INTEGER, activemembers TEXT, last_change INTEGER, dbpath TEXT, split_friendlyname TEXT,
		conv_dbid INTEGER`)},
	participants: table{"Participants", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, convo_id INTEGER,
		identity TEXT, rank INTEGER, requested_rank INTEGER, text_status INTEGER, voice_status INTEGER, adder TEXT,
		last_leavereason INTEGER, real_identity TEXT`)},
	messages: table{"Messages", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, convo_id INTEGER,
		chatname TEXT, author TEXT, from_dispname TEXT, author_was_live INTEGER, guid BLOB, dialog_partner TEXT,
		timestamp INTEGER, type INTEGER, sending_status INTEGER, consumption_status INTEGER, edited_by TEXT,
		edited_timestamp INTEGER, param_key INTEGER, param_value INTEGER, body_xml TEXT, identities TEXT, reason TEXT,
		leavereason INTEGER, participant_count INTEGER, error_code INTEGER, chatmsg_type INTEGER, chatmsg_status INTEGER,
		body_is_rawxml INTEGER, oldoptions INTEGER, newoptions INTEGER, newrole INTEGER, pk_id INTEGER, crc INTEGER,
		remote_id INTEGER, call_guid TEXT`)},
}

var skype7Tables = skypeTables{
	client: "0/7.4.85.102//_checksum_2197524582", schema: 70,
	accounts: table{"Accounts", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, status INTEGER,
		skypename TEXT, fullname TEXT, displayname TEXT, liveid_membername TEXT, type INTEGER, pstnnumber TEXT,
		birthday INTEGER, gender INTEGER, languages TEXT, country TEXT, city TEXT, emails TEXT, mood_text TEXT,
		given_displayname TEXT, avatar_url TEXT`)},
	contacts: table{"Contacts", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, skypename TEXT,
		pstnnumber TEXT, aliases TEXT, fullname TEXT, birthday INTEGER, gender INTEGER, languages TEXT, country TEXT,
		city TEXT, about TEXT, mood_text TEXT, displayname TEXT, given_displayname TEXT, buddystatus INTEGER,
		isauthorized INTEGER, isblocked INTEGER, liveid_cid TEXT, is_auto_buddy INTEGER, is_mobile INTEGER,
		avatar_url TEXT, firstname TEXT, lastname TEXT, profile_json TEXT`)},
	conversations: table{"Conversations", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, identity TEXT,
		type INTEGER, live_host TEXT, alert_string TEXT, is_bookmarked INTEGER, is_blocked INTEGER,
		given_displayname TEXT, displayname TEXT, inbox_timestamp INTEGER, last_message_id INTEGER,
		consumption_horizon INTEGER, last_activity_timestamp INTEGER, creator TEXT, creation_timestamp INTEGER,
		my_status INTEGER, meta_name TEXT, meta_topic TEXT, picture TEXT, is_p2p_migrated INTEGER,
		migration_instructions_posted INTEGER, guid TEXT, dialog_partner TEXT, chat_dbid INTEGER,
		history_sync_state TEXT, thread_version TEXT, consumption_horizon_set_at INTEGER, alt_identity TEXT,
		in_migrated_thread_since INTEGER, join_url TEXT, version INTEGER, extprop_chat_avatar INTEGER`)},
	chats: table{"Chats", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, name TEXT, timestamp INTEGER,
		adder TEXT, type INTEGER, posters TEXT, participants TEXT, topic TEXT, activemembers TEXT, friendlyname TEXT,
		alertstring TEXT, is_bookmarked INTEGER, activity_timestamp INTEGER, mystatus INTEGER, passwordhint TEXT,
		description TEXT, options INTEGER, picture BLOB, guidelines TEXT, dialog_partner TEXT, myrole INTEGER,
		applicants TEXT, banned_users TEXT, topic_xml TEXT, name_text TEXT, last_change INTEGER, dbpath TEXT,
		split_friendlyname TEXT, conv_dbid INTEGER`)},
	participants: table{"Participants", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, convo_id INTEGER,
		identity TEXT, rank INTEGER, requested_rank INTEGER, text_status INTEGER, voice_status INTEGER, adder TEXT,
		sponsor TEXT, last_leavereason INTEGER, messaging_mode INTEGER, real_identity TEXT`)},
	messages: table{"Messages", cols(`id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, chatname TEXT,
		timestamp INTEGER, author TEXT, from_dispname TEXT, chatmsg_type INTEGER, identities TEXT, leavereason INTEGER,
		body_xml TEXT, chatmsg_status INTEGER, body_is_rawxml INTEGER, edited_by TEXT, edited_timestamp INTEGER,
		newoptions INTEGER, newrole INTEGER, dialog_partner TEXT, oldoptions INTEGER, guid BLOB, convo_id INTEGER,
		type INTEGER, sending_status INTEGER, param_key INTEGER, param_value INTEGER, reason TEXT, error_code INTEGER,
		consumption_status INTEGER, author_was_live INTEGER, participant_count INTEGER, pk_id INTEGER, crc INTEGER,
		remote_id INTEGER, call_guid TEXT`)},
}

// lateMessageColumns are the Messages columns late Skype 7 added.
const lateMessageColumns = `option_bits INTEGER, server_id INTEGER, annotation_version INTEGER, timestamp__ms INTEGER,
	language TEXT, bots_settings TEXT, reaction_thread TEXT, content_flags INTEGER`

// tables returns the tables of a schema variant.
func (s Schema) tables() skypeTables {
	switch s {
	case Skype6:
		return skype6Tables
	case Skype7:
		return skype7Tables
	}
	t := skype7Tables
	t.client, t.schema = "0/7.40.0.104//_checksum_1508963312", 72
	t.messages.columns = append(append([]string(nil), t.messages.columns...), cols(lateMessageColumns)...)
	return t
}
