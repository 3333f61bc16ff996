package store

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
	"time"
)

// Message identity, as DESIGN.md sets it out (the rules that tell two
// sightings are one message live in sameness.go):
//   - a message keeps the key it was first archived under: a hash of its chat,
//     author, second and text, with an occurrence number when two real
//     messages share all four (rule 1);
//   - a source that has seen a message before finds it again by its own
//     reference within the chat, whatever the body now says, as long as an
//     edit mark explains a change (rule 2: edits update in place; without
//     one, two sightings are two messages);
//   - a source that has not finds it by content: same chat, same author, same
//     text, times within MatchTolerance, one to one (rule 3);
//   - the delivery status is nothing the store is ever told (rule 4).

// MatchTolerance is how far apart two sources may date the same message.
const MatchTolerance = 60 * time.Second

// editTolerance is how close in time an edited or deleted message must be to
// a stored one of the same author when their texts differ.
const editTolerance = 5 * time.Second

var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// messageKey derives the stable key of a new message; n > 1 marks the n-th
// real message with the same chat, author, second and text. The first 8 of
// its 16 characters encode the second it was sent, so keys sort by time and
// archiving in time order appends to the key index instead of scattering
// over it; the last 8 are a hash of the rest.
func messageKey(chat, author string, sec int64, text string, n int) string {
	h := sha256.New()
	for _, part := range []string{chat, author, text} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	var buf [10]byte
	for i := range 5 {
		buf[i] = byte(uint64(sec) >> (8 * (4 - i)))
	}
	copy(buf[5:], h.Sum(nil))
	key := keyEncoding.EncodeToString(buf[:])
	if n > 1 {
		key += "-" + strconv.Itoa(n)
	}
	return key
}

// keyTime reads the second a key was derived from.
func keyTime(key string) (int64, bool) {
	if len(key) < 8 {
		return 0, false
	}
	b, err := keyEncoding.DecodeString(key[:8])
	if err != nil || len(b) != 5 {
		return 0, false
	}
	var sec uint64
	for _, c := range b {
		sec = sec<<8 | uint64(c)
	}
	return int64(sec), true
}

// ContentRef is a reference for sources that have no stable message ids of
// their own (the live API hands out ids that die with the Skype process):
// the chat, the author, the send time and n, the message's rank among the
// chat's messages by that author in that second. It ignores the body, so an
// edit keeps it.
func ContentRef(chat, author string, t time.Time, n int) string {
	var b strings.Builder
	b.WriteString(chat)
	b.WriteByte(' ')
	b.WriteString(author)
	b.WriteByte('@')
	b.WriteString(strconv.FormatInt(t.Unix(), 10))
	if n > 1 {
		b.WriteByte('#')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// fnv is a 64-bit FNV-1a hash, stable across processes (it is stored).
type fnv uint64

const fnvOffset fnv = 14695981039346656037

func (h fnv) str(s string) fnv {
	for i := 0; i < len(s); i++ {
		h ^= fnv(s[i])
		h *= 1099511628211
	}
	h ^= 0xff // separator, so ("ab","c") and ("a","bc") differ
	h *= 1099511628211
	return h
}

func (h fnv) int(v int64) fnv {
	for i := 0; i < 8; i++ {
		h ^= fnv(byte(v >> (8 * i)))
		h *= 1099511628211
	}
	return h
}

func (h fnv) bool(v bool) fnv {
	if v {
		return h.int(1)
	}
	return h.int(0)
}

// textHash is the stored hash of a plain text.
func textHash(text string) int64 { return int64(fnvOffset.str(text)) }

// observation hashes everything a source said about a message, so that
// hearing the same again costs a map lookup and no disk access.
func observation(m *Incoming) int64 {
	return int64(fnvOffset.str(m.Chat).str(m.Author).str(m.AuthorName).int(m.Time.UnixMilli()).
		bool(m.Precise).bool(m.TimeSuspect).str(m.Type).str(m.Body).str(m.EditedBy).
		int(editedMillis(m.EditedAt)).bool(m.Deleted))
}

func editedMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
