package maindb_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The tables of a main.db written by Skype 7.x (7.4 onwards), with their
// columns in the order Skype 7 creates them: not Skype 6's order (compare
// testdata/skype6_main.db), and with the columns Skype 7 added
// (Messages.timestamp__ms, server_id…; Conversations.in_migrated_thread_since…).
// The importer must find every column by name. Only the tables the importer
// or a reader of chats would look at are kept.
var skype7Tables = map[string]string{
	"Accounts": `id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, status INTEGER, pwdchangestatus INTEGER, logoutreason INTEGER,
		commitstatus INTEGER, suggested_skypename TEXT, skypeout_balance_currency TEXT, skypeout_balance INTEGER, skypeout_precision INTEGER,
		skypein_numbers TEXT, subscriptions TEXT, cblsyncstatus INTEGER, contactssyncstatus INTEGER, offline_callforward TEXT,
		chat_policy INTEGER, skype_call_policy INTEGER, pstn_call_policy INTEGER, avatar_policy INTEGER, buddycount_policy INTEGER,
		timezone_policy INTEGER, webpresence_policy INTEGER, phonenumbers_policy INTEGER, voicemail_policy INTEGER,
		authrequest_policy INTEGER, ad_policy INTEGER, partner_optedout TEXT, service_provider_info TEXT, registration_timestamp INTEGER,
		nr_of_other_instances INTEGER, partner_channel_status TEXT, flamingo_xmpp_status INTEGER, federated_presence_policy INTEGER,
		liveid_membername TEXT, roaming_history_enabled INTEGER, cobrand_id INTEGER, shortcircuit_sync INTEGER, signin_name TEXT,
		read_receipt_optout INTEGER, hidden_expression_tabs TEXT, owner_under_legal_age INTEGER, type INTEGER, skypename TEXT,
		pstnnumber TEXT, fullname TEXT, birthday INTEGER, gender INTEGER, languages TEXT, country TEXT, province TEXT, city TEXT,
		phone_home TEXT, phone_office TEXT, phone_mobile TEXT, emails TEXT, homepage TEXT, about TEXT, profile_timestamp INTEGER,
		received_authrequest TEXT, displayname TEXT, refreshing INTEGER, given_authlevel INTEGER, aliases TEXT, authreq_timestamp INTEGER,
		mood_text TEXT, timezone INTEGER, nrof_authed_buddies INTEGER, ipcountry TEXT, given_displayname TEXT, availability INTEGER,
		lastonline_timestamp INTEGER, capabilities BLOB, avatar_image BLOB, assigned_speeddial TEXT, lastused_timestamp INTEGER,
		authrequest_count INTEGER, assigned_comment TEXT, alertstring TEXT, avatar_timestamp INTEGER, mood_timestamp INTEGER,
		rich_mood_text TEXT, synced_email BLOB, set_availability INTEGER, options_change_future BLOB, msa_pmn TEXT, authorized_time INTEGER,
		sent_authrequest TEXT, sent_authrequest_time INTEGER, sent_authrequest_serial INTEGER, buddyblob BLOB, cbl_future BLOB,
		node_capabilities INTEGER, node_capabilities_and INTEGER, revoked_auth INTEGER, added_in_shared_group INTEGER,
		in_shared_group INTEGER, authreq_history BLOB, profile_attachments BLOB, stack_version INTEGER, offline_authreq_id INTEGER,
		verified_email BLOB, verified_company BLOB, uses_jcs INTEGER, forward_starttime INTEGER`,
	"AppSchemaVersion": `ClientVersion TEXT NOT NULL, SQLiteSchemaVersion INTEGER NOT NULL, SchemaUpdateType INTEGER NOT NULL`,
	"Chats": `id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, name TEXT, timestamp INTEGER, adder TEXT, type INTEGER,
		posters TEXT, participants TEXT, topic TEXT, activemembers TEXT, friendlyname TEXT, alertstring TEXT, is_bookmarked INTEGER,
		activity_timestamp INTEGER, mystatus INTEGER, passwordhint TEXT, description TEXT, options INTEGER, picture BLOB,
		guidelines TEXT, dialog_partner TEXT, myrole INTEGER, applicants TEXT, banned_users TEXT, topic_xml TEXT, name_text TEXT,
		unconsumed_suppressed_msg INTEGER, unconsumed_normal_msg INTEGER, unconsumed_elevated_msg INTEGER, unconsumed_msg_voice INTEGER,
		state_data BLOB, lifesigns INTEGER, last_change INTEGER, first_unread_message INTEGER, pk_type INTEGER, dbpath TEXT,
		split_friendlyname TEXT, conv_dbid INTEGER`,
	"Contacts": `id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, type INTEGER, skypename TEXT, pstnnumber TEXT, aliases TEXT,
		fullname TEXT, birthday INTEGER, gender INTEGER, languages TEXT, country TEXT, province TEXT, city TEXT, phone_home TEXT,
		phone_office TEXT, phone_mobile TEXT, emails TEXT, hashed_emails TEXT, homepage TEXT, about TEXT, avatar_image BLOB,
		mood_text TEXT, rich_mood_text TEXT, timezone INTEGER, capabilities BLOB, profile_timestamp INTEGER, nrof_authed_buddies INTEGER,
		ipcountry TEXT, avatar_timestamp INTEGER, mood_timestamp INTEGER, received_authrequest TEXT, authreq_timestamp INTEGER,
		lastonline_timestamp INTEGER, availability INTEGER, displayname TEXT, refreshing INTEGER, given_authlevel INTEGER,
		given_displayname TEXT, assigned_speeddial TEXT, assigned_comment TEXT, alertstring TEXT, lastused_timestamp INTEGER,
		authrequest_count INTEGER, assigned_phone1 TEXT, assigned_phone1_label TEXT, assigned_phone2 TEXT, assigned_phone2_label TEXT,
		assigned_phone3 TEXT, assigned_phone3_label TEXT, buddystatus INTEGER, isauthorized INTEGER, popularity_ord INTEGER,
		external_id TEXT, external_system_id TEXT, isblocked INTEGER, authorization_certificate BLOB, certificate_send_count INTEGER,
		account_modification_serial_nr INTEGER, saved_directory_blob BLOB, nr_of_buddies INTEGER, server_synced INTEGER,
		contactlist_track INTEGER, last_used_networktime INTEGER, authorized_time INTEGER, sent_authrequest TEXT,
		sent_authrequest_time INTEGER, sent_authrequest_serial INTEGER, buddyblob BLOB, cbl_future BLOB, node_capabilities INTEGER,
		revoked_auth INTEGER, added_in_shared_group INTEGER, in_shared_group INTEGER, authreq_history BLOB, profile_attachments BLOB,
		stack_version INTEGER, offline_authreq_id INTEGER, node_capabilities_and INTEGER, authreq_crc INTEGER, authreq_src INTEGER,
		pop_score INTEGER, authreq_nodeinfo BLOB, main_phone TEXT, unified_servants TEXT, phone_home_normalized TEXT,
		phone_office_normalized TEXT, phone_mobile_normalized TEXT, sent_authrequest_initmethod INTEGER, authreq_initmethod INTEGER,
		verified_email BLOB, verified_company BLOB, sent_authrequest_extrasbitmask INTEGER, liveid_cid TEXT, extprop_seen_birthday INTEGER,
		extprop_sms_target INTEGER, extprop_external_data TEXT, extprop_must_hide_avatar INTEGER`,
	"Conversations": `id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, identity TEXT, type INTEGER, live_host TEXT,
		live_is_hostless INTEGER, live_call_technology INTEGER, optimal_remote_videos_in_conference INTEGER, live_start_timestamp INTEGER,
		live_is_muted INTEGER, max_videoconfcall_participants INTEGER, alert_string TEXT, is_bookmarked INTEGER, is_blocked INTEGER,
		given_displayname TEXT, displayname TEXT, local_livestatus INTEGER, inbox_timestamp INTEGER, inbox_message_id INTEGER,
		last_message_id INTEGER, unconsumed_suppressed_messages INTEGER, unconsumed_normal_messages INTEGER,
		unconsumed_elevated_messages INTEGER, unconsumed_messages_voice INTEGER, active_vm_id INTEGER, context_horizon INTEGER,
		consumption_horizon INTEGER, consumption_horizon__ms INTEGER, last_activity_timestamp INTEGER, active_invoice_message INTEGER,
		spawned_from_convo_id INTEGER, pinned_order INTEGER, creator TEXT, creation_timestamp INTEGER, my_status INTEGER,
		opt_joining_enabled INTEGER, opt_moderated INTEGER, opt_access_token TEXT, opt_entry_level_rank INTEGER,
		opt_disclose_history INTEGER, opt_history_limit_in_days INTEGER, opt_admin_only_activities INTEGER, passwordhint TEXT,
		meta_name TEXT, meta_topic TEXT, meta_guidelines TEXT, meta_picture BLOB, picture TEXT, is_p2p_migrated INTEGER,
		migration_instructions_posted INTEGER, premium_video_status INTEGER, premium_video_is_grace_period INTEGER, guid TEXT,
		dialog_partner TEXT, meta_description TEXT, premium_video_sponsor_list TEXT, mcr_caller TEXT, chat_dbid INTEGER,
		history_horizon INTEGER, history_sync_state TEXT, thread_version TEXT, consumption_horizon_set_at INTEGER, alt_identity TEXT,
		in_migrated_thread_since INTEGER, awareness_liveState TEXT, join_url TEXT, reaction_thread TEXT, parent_thread TEXT,
		consumption_horizon_rid INTEGER, consumption_horizon_crc INTEGER, consumption_horizon_bookmark INTEGER, client_id TEXT,
		last_synced_message_id INTEGER, last_synced_message_version INTEGER, last_synced_days INTEGER, version INTEGER,
		endpoint_details TEXT, extprop_profile_height INTEGER, extprop_chat_width INTEGER, extprop_chat_left_margin INTEGER,
		extprop_chat_right_margin INTEGER, extprop_entry_height INTEGER, extprop_windowpos_x INTEGER, extprop_windowpos_y INTEGER,
		extprop_windowpos_w INTEGER, extprop_windowpos_h INTEGER, extprop_window_maximized INTEGER, extprop_window_detached INTEGER,
		extprop_pinned_order INTEGER, extprop_new_in_inbox INTEGER, extprop_tab_order INTEGER, extprop_video_layout INTEGER,
		extprop_video_chat_height INTEGER, extprop_chat_avatar INTEGER, extprop_consumption_timestamp INTEGER,
		extprop_form_visible INTEGER, extprop_recovery_mode INTEGER, extprop_translator_enabled INTEGER,
		extprop_translator_call_my_lang TEXT, extprop_translator_call_other_lang TEXT, extprop_translator_chat_my_lang TEXT,
		extprop_translator_chat_other_lang TEXT, extprop_conversation_first_unread_emote INTEGER, datachannel_object_id INTEGER,
		invite_status INTEGER, highlights_follow_pending TEXT, highlights_follow_waiting TEXT, highlights_add_pending TEXT,
		highlights_add_waiting TEXT`,
	"Messages": `id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, chatname TEXT, timestamp INTEGER, author TEXT,
		from_dispname TEXT, chatmsg_type INTEGER, identities TEXT, leavereason INTEGER, body_xml TEXT, chatmsg_status INTEGER,
		body_is_rawxml INTEGER, edited_by TEXT, edited_timestamp INTEGER, newoptions INTEGER, newrole INTEGER, dialog_partner TEXT,
		oldoptions INTEGER, guid BLOB, convo_id INTEGER, type INTEGER, sending_status INTEGER, param_key INTEGER, param_value INTEGER,
		reason TEXT, error_code INTEGER, consumption_status INTEGER, author_was_live INTEGER, participant_count INTEGER, pk_id INTEGER,
		crc INTEGER, remote_id INTEGER, call_guid TEXT, extprop_contact_review_date TEXT, extprop_contact_received_stamp INTEGER,
		extprop_contact_reviewed INTEGER, option_bits INTEGER, server_id INTEGER, annotation_version INTEGER, timestamp__ms INTEGER,
		language TEXT, bots_settings TEXT, reaction_thread TEXT, content_flags INTEGER`,
	"Participants": `id INTEGER NOT NULL PRIMARY KEY, is_permanent INTEGER, convo_id INTEGER, identity TEXT, rank INTEGER,
		requested_rank INTEGER, text_status INTEGER, voice_status INTEGER, live_identity TEXT, live_price_for_me TEXT,
		live_fwd_identities TEXT, live_start_timestamp INTEGER, sound_level INTEGER, debuginfo TEXT, next_redial_time INTEGER,
		nrof_redials_left INTEGER, last_voice_error TEXT, quality_problems TEXT, live_type INTEGER, live_country TEXT,
		transferred_by TEXT, transferred_to TEXT, adder TEXT, sponsor TEXT, last_leavereason INTEGER, is_premium_video_sponsor INTEGER,
		is_multiparty_video_capable INTEGER, live_identity_to_use TEXT, livesession_recovery_in_progress INTEGER,
		livesession_fallback_in_progress INTEGER, is_multiparty_video_updatable INTEGER, live_ip_address TEXT,
		is_video_codec_compatible INTEGER, group_calling_capabilities INTEGER, is_seamlessly_upgraded_call INTEGER,
		live_voicechannel INTEGER, read_horizon INTEGER, is_active_speaker INTEGER, dominant_speaker_rank INTEGER,
		endpoint_details TEXT, messaging_mode INTEGER, real_identity TEXT, adding_in_progress_since INTEGER`,
}

// skype7File is one account's main.db as Skype 7 wrote it.
type skype7File struct {
	account  string // Accounts.skypename; "" writes no Accounts row
	convs    []skype7Conv
	contacts []skype7Contact
}

// skype7Contact is a Contacts row.
type skype7Contact struct {
	skypename, fullname, displayname, given string
}

// skype7Conv is a Conversations row with its Chats rows, participants and
// messages.
type skype7Conv struct {
	identity    string   // the partner's skypename (dialog), "#…" or "19:…" (group)
	altIdentity string   // a migrated group's other name
	dialog      bool     // type 1 (dialog) or 2 (conference)
	topic       string   // meta_topic
	chats       []string // Chats rows pointing at it (none for a group moved to the cloud)
	people      []string // Participants
	msgs        []skype7Msg
	horizon     int64 // consumption_horizon__ms (and its second); 0 writes NULL
}

// skype7Msg is a Messages row. Its chatname is the conversation's first
// Chats name (or its identity without Chats rows) unless noChatname
// leaves it NULL or chatname names another.
type skype7Msg struct {
	author, dispname, body string
	ms                     int64 // timestamp__ms; timestamp is its second
	typ                    int   // Messages.type; 0 means 61 (said)
	chatname               string
	noChatname             bool
	noConvo                bool // convo_id NULL
	editedBy               string
	editedAt               int64 // seconds
}

// write creates the main.db in dir (named for its account) and returns its path.
func (f skype7File) write(t testing.TB, dir string) string {
	t.Helper()
	name := f.account
	if name == "" {
		name = "unknown"
	}
	path := filepath.Join(dir, strings.ReplaceAll(name, ":", "#3a"), "main.db")
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mustExec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.Exec(query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	if err := mkdirFor(path); err != nil {
		t.Fatal(err)
	}
	for table, cols := range skype7Tables {
		mustExec(`CREATE TABLE ` + table + ` (` + strings.Join(strings.Fields(cols), " ") + `)`)
	}
	mustExec(`CREATE INDEX IX_Messages_convo_id_timestamp ON Messages (convo_id, timestamp)`)
	mustExec(`INSERT INTO AppSchemaVersion VALUES ('0/7.4.85.102//', 70, 2)`)
	if f.account != "" {
		mustExec(`INSERT INTO Accounts (id, is_permanent, skypename, fullname, type) VALUES (1, 1, ?, ?, 1)`, f.account, strings.ToUpper(f.account[:1])+f.account[1:])
	}
	for i, c := range f.contacts {
		mustExec(`INSERT INTO Contacts (id, is_permanent, type, skypename, fullname, displayname, given_displayname) VALUES (?, 1, 1, ?, ?, ?, ?)`,
			10+i, c.skypename, nullable(c.fullname), nullable(c.displayname), nullable(c.given))
	}
	chatID, partID, msgID := 0, 0, 0
	for i, c := range f.convs {
		conv := 100 + i*7 // Skype's ids are sparse
		typ := 2
		partner := ""
		if c.dialog {
			typ, partner = 1, c.identity
		}
		var horizon, horizonMS any
		if c.horizon != 0 {
			horizon, horizonMS = c.horizon/1000, c.horizon
		}
		mustExec(`INSERT INTO Conversations (id, is_permanent, identity, type, meta_topic, alt_identity, dialog_partner, displayname, creator,
				creation_timestamp, consumption_horizon, consumption_horizon__ms)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 1400000000, ?, ?)`, conv, c.identity, typ, nullable(c.topic), nullable(c.altIdentity), nullable(partner),
			displayName(c), nullable(f.account), horizon, horizonMS)
		for _, name := range c.chats {
			chatID++
			chatType := 4
			if c.dialog {
				chatType = 2
			}
			mustExec(`INSERT INTO Chats (id, is_permanent, name, type, participants, topic, dialog_partner, conv_dbid, timestamp)
				VALUES (?, 1, ?, ?, ?, ?, ?, ?, 1400000000)`, chatID, name, chatType, strings.Join(c.people, " "), nullable(c.topic), nullable(partner), conv)
		}
		for _, who := range c.people {
			partID++
			mustExec(`INSERT INTO Participants (id, is_permanent, convo_id, identity, rank) VALUES (?, 1, ?, ?, 3)`, partID, conv, who)
		}
		for _, m := range c.msgs {
			msgID++
			chatname := any(m.chatname)
			switch {
			case m.noChatname:
				chatname = nil
			case m.chatname == "" && len(c.chats) > 0:
				chatname = c.chats[0]
			case m.chatname == "":
				chatname = c.identity
			}
			convo := any(conv)
			if m.noConvo {
				convo = nil
			}
			typ := m.typ
			if typ == 0 {
				typ = 61
			}
			guid := []byte(fmt.Sprintf("%-32s", fmt.Sprintf("%s/%d/%d", f.account, conv, msgID)))
			var editedBy, editedAt any
			if m.editedAt != 0 {
				editedBy, editedAt = m.editedBy, m.editedAt
			}
			mustExec(`INSERT INTO Messages (id, is_permanent, convo_id, chatname, author, from_dispname, timestamp, timestamp__ms, type,
					chatmsg_type, body_xml, guid, sending_status, consumption_status, dialog_partner, edited_by, edited_timestamp)
				VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 3, ?, ?, 2, 0, ?, ?, ?)`,
				1000+msgID, convo, chatname, nullable(m.author), m.dispname, m.ms/1000, m.ms, typ, m.body, guid, nullable(partner), editedBy, editedAt)
		}
	}
	return path
}

// displayName is what Skype shows the conversation as: a dialog by its
// partner's name (from the owner's side), a group by its topic.
func displayName(c skype7Conv) string {
	if c.dialog {
		return strings.ToUpper(c.identity[:1]) + c.identity[1:]
	}
	return c.topic
}

// nullable is NULL for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func mkdirFor(path string) error {
	return os.MkdirAll(filepath.Dir(path), 0o700)
}
