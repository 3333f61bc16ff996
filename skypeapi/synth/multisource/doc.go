// Package multisource generates a ground truth for "one chat per
// conversation, one copy of each message, whatever the sources": one
// scripted history of several people and their chats (the World), and what
// each account's sources hold of it, rendered in Skype's own formats.
//
// The history (Generate) has dialogs and groups of every kind Skype had: a
// legacy P2P group, a group migrated from a legacy name to a
// 19:…@thread.skype thread, and a group born in the cloud. It has edits and
// deletions, repeated identical messages (same author, second and text),
// distinct messages by one author in the same second (some in the same
// millisecond), and one author posting in two chats in the same millisecond.
// Every person's device has a clock off by up to MaxSkew.
//
// From it, Render writes what each account holds: a main.db (Skype 6 or
// Skype 7 schema, with and without Chats rows for cloud groups, messages tied
// to their conversation only by convo_id, the columns in each version's
// order), an export (a .tar holding messages.json, and a bare
// messages.json), and, for one account, SimWorld gives a simulator world for
// the live collector. What a source holds (Source.Holds) follows from when it
// was written and what it could see, never from what an importer accepts:
// the formats come from the export-formats spec and the real Skype 6 main.db
// fixture.
//
// Expect then says what an archive of any set of those sources must hold:
// each conversation once, each message once in its own chat, with the
// versions the sources revealed.
//
// Everything is a pure function of the seed.
package multisource
