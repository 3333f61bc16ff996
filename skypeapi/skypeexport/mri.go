package skypeexport

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// ConversationKind classifies a conversation by the prefix of its id (MRI).
type ConversationKind int

// Conversation kinds.
const (
	KindUnknown ConversationKind = iota // no numeric prefix
	KindDialog                          // 1:1 chat: "8:" (or another numeric prefix such as "4:")
	KindGroup                           // group thread: "19:"
	KindBot                             // bot/agent: "28:"
	KindSystem                          // system pseudo-conversation: "48:" (callers usually skip these)
)

// String returns a short lower-case name for the kind.
func (k ConversationKind) String() string {
	switch k {
	case KindDialog:
		return "dialog"
	case KindGroup:
		return "group"
	case KindBot:
		return "bot"
	case KindSystem:
		return "system"
	}
	return "unknown"
}

// mriPrefix splits "8:live:bob" into "8" and "live:bob". ok is false when
// id has no numeric prefix.
func mriPrefix(id string) (prefix, rest string, ok bool) {
	i := strings.IndexByte(id, ':')
	if i <= 0 {
		return "", id, false
	}
	for j := 0; j < i; j++ {
		if id[j] < '0' || id[j] > '9' {
			return "", id, false
		}
	}
	return id[:i], id[i+1:], true
}

// KindOf returns the kind of a conversation id.
func KindOf(id string) ConversationKind {
	p, _, ok := mriPrefix(id)
	if !ok {
		return KindUnknown
	}
	switch p {
	case "19":
		return KindGroup
	case "28":
		return KindBot
	case "48":
		return KindSystem
	}
	return KindDialog
}

// Handle returns a user MRI without its numeric prefix: "8:live:bob" →
// "live:bob", "8:bob" → "bob". Bot ids ("28:…") and thread ids ("19:…")
// keep their prefix, since without it they could collide with user names.
func Handle(mri string) string {
	p, rest, ok := mriPrefix(mri)
	if !ok || p == "28" || p == "19" {
		return mri
	}
	return rest
}

// UserMRI is the MRI of a handle, the inverse of Handle: "live:bob" →
// "8:live:bob", "bob" → "8:bob", a phone number "+15551234" →
// "4:+15551234"; a bot's or thread's id, which keeps its prefix, stays
// as it is.
func UserMRI(handle string) string {
	switch _, _, ok := mriPrefix(handle); {
	case ok:
		return handle
	case strings.HasPrefix(handle, "+"):
		return "4:" + handle
	}
	return "8:" + handle
}

const p2pSuffix = "@p2p.thread.skype"

// LegacyID is the id a migrated P2P group has in an export, the inverse of
// LegacyName: "#creator/$…;hex" → "19:<base64>@p2p.thread.skype".
func LegacyID(name string) string {
	return "19:" + base64.StdEncoding.EncodeToString([]byte(name)) + p2pSuffix
}

// LegacyName decodes a migrated P2P group id "19:<base64>@p2p.thread.skype"
// to the old desktop chat name ("#creator/$…;hex"). It returns "" when id
// has another form or does not decode to a name starting with "#". Standard
// and URL base64 alphabets are accepted, with or without padding.
func LegacyName(id string) string {
	if !strings.HasPrefix(id, "19:") || !strings.HasSuffix(id, p2pSuffix) {
		return ""
	}
	b64 := id[len("19:") : len(id)-len(p2pSuffix)]
	if b64 == "" {
		return ""
	}
	trimmed := strings.TrimRight(b64, "=")
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.RawURLEncoding} {
		b, err := enc.DecodeString(trimmed)
		if err == nil && len(b) > 0 && b[0] == '#' && utf8.Valid(b) {
			return string(b)
		}
	}
	return ""
}
