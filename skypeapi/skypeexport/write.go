package skypeexport

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

// Writer writes the archive as a Skype data export's messages.json, which
// Import reads back into the same chats and messages (an export.Writer:
// `chatchannels export --format skype`). It is Skype's shape: userId (the
// archive's owner, see Owner), exportDate, conversations with their
// MessageList newest first, and per message its id, originalarrivaltime,
// from ("8:handle"), displayName, content (the body as archived: Skype
// markup, or a live message's plain text), messagetype (SkypeType) and
// properties (edittime, deletetime, emotions for reactions). An edited or
// deleted message is written as Skype writes it, once as it is now and
// once per earlier version, all with its author and original time, so that
// Import files the earlier ones as its versions again.
//
// Import gives a message the key of the first text it sees of it, and the
// n-th message of one author, second and text the n-th key of that second;
// so that a fresh archive gives every message the key it has here, each
// second's messages are written in the order they were archived (their
// archive ids), and an edited message's copies oldest first. Across
// seconds the list is newest first, as Skype's is.
//
// A chat's conversation id is ConversationID's. What the file cannot say,
// and a fresh archive imported from it therefore lacks, is listed at
// README's "export --format skype".
type Writer struct {
	w        *bufio.Writer
	buf      bytes.Buffer
	enc      *json.Encoder
	owner    string
	conv     string // the conversation being written
	chats    int
	messages int // entries written in the conversation
	line     []byte
	second   []export.Message // the messages of one second, held to be written in archive order
}

// maxSecond is how many messages of one second a Writer holds before it
// writes them as they come (stand-in times of messages whose times were
// impossible can share one second by the thousand).
const maxSecond = 10_000

// NewWriter makes a writer of messages.json that writes to w.
func NewWriter(w io.Writer) *Writer {
	x := &Writer{w: bufio.NewWriterSize(w, 64<<10)}
	x.enc = json.NewEncoder(&x.buf)
	x.enc.SetEscapeHTML(false)
	return x
}

// Needs asks for earlier versions and reactions, each chat newest first.
func (x *Writer) Needs() export.Needs {
	return export.Needs{Versions: true, Reactions: true, NewestFirst: true}
}

// Begin writes userId (the owner of the chats, Owner) and exportDate, and
// opens the conversations.
func (x *Writer) Begin(meta export.Meta) error {
	x.owner = Owner(meta.Chats)
	head := struct {
		UserID     string `json:"userId"`
		ExportDate string `json:"exportDate"`
	}{ExportDate: meta.ExportedAt.UTC().Format("2006-01-02T15:04")}
	if x.owner != "" {
		head.UserID = UserMRI(x.owner)
	}
	b, err := x.encode(head)
	if err != nil {
		return err
	}
	x.w.Write(b[:len(b)-1])
	_, err = x.w.WriteString(`,"conversations":[`)
	return err
}

type outThread struct {
	MemberCount int     `json:"membercount"`
	Topic       string  `json:"topic"`
	Members     *string `json:"members"` // a JSON array in a string, as Skype writes it
}

type outConversation struct {
	ID               string    `json:"id"`
	DisplayName      *string   `json:"displayName"`
	Version          int64     `json:"version"`
	Properties       struct{}  `json:"properties"`
	ThreadProperties outThread `json:"threadProperties"`
}

// Chat closes the conversation before, if any, and opens this chat's.
func (x *Writer) Chat(c store.Chat) error {
	if err := x.closeConversation(); err != nil {
		return err
	}
	if x.chats++; x.chats > 1 {
		x.w.WriteByte(',')
	}
	x.conv = ConversationID(c.Name, x.owner)
	conv := outConversation{ID: x.conv, Version: c.LastMessageAt.UnixMilli(),
		ThreadProperties: outThread{MemberCount: len(c.Members), Topic: c.Topic}}
	if c.Topic != "" {
		conv.DisplayName = &c.Topic
	}
	if len(c.Members) > 0 {
		mris := make([]string, len(c.Members))
		for i, m := range c.Members {
			mris[i] = UserMRI(m)
		}
		list, err := json.Marshal(mris)
		if err != nil {
			return err
		}
		members := string(list)
		conv.ThreadProperties.Members = &members
	}
	b, err := x.encode(conv)
	if err != nil {
		return err
	}
	x.w.WriteByte('\n')
	x.w.Write(b[:len(b)-1])
	_, err = x.w.WriteString(`,"MessageList":[`)
	return err
}

// outMessage is an entry of a MessageList, as entry writes it (its
// amsreferences are null: the export holds no media).
type outMessage struct {
	ID                  string
	DisplayName         *string
	OriginalArrivalTime string
	MessageType         string
	Version             int64
	Content             string
	ConversationID      string
	From                string
	Properties          *outProperties // nil: null
}

type outProperties struct {
	EditTime   string
	DeleteTime string
	Emotions   []outEmotion
}

type outEmotion struct {
	Key   string
	Users []outEmotionUser
}

type outEmotionUser struct {
	MRI   string
	Time  int64
	Value string
}

// Message holds a message until its second is complete (see Writer).
func (x *Writer) Message(m export.Message) error {
	if len(x.second) > 0 && (x.second[0].Time.Unix() != m.Time.Unix() || len(x.second) == maxSecond) {
		if err := x.flushSecond(); err != nil {
			return err
		}
	}
	x.second = append(x.second, m)
	return nil
}

// flushSecond writes the messages held, in the order they were archived.
func (x *Writer) flushSecond() error {
	slices.SortStableFunc(x.second, func(a, b export.Message) int { return cmp.Compare(a.ID, b.ID) })
	keepApart(x.second)
	for _, m := range x.second {
		if err := x.message(m); err != nil {
			return err
		}
	}
	clear(x.second)
	x.second = x.second[:0]
	return nil
}

// keepApart moves messages of one second, in archive order, so that an
// edited message and another of its author are not in one millisecond:
// Import takes all entries of one author and millisecond for copies of one
// message when one of them carries an edit mark, and would file the other
// message as a version of the edited one. Where that would happen, every
// message of that millisecond (of any author) moves to a millisecond of its
// own, the next ones free in the second, in archive order: their order
// stays, their keys too (keys are by the second), and a time moves by a
// few milliseconds (less than the precision of the sources that time
// messages to the second, where most such runs come from). When the second
// has no room, they stay.
func keepApart(msgs []export.Message) {
	if !sharedMillisecond(msgs) {
		return // the common case: no author has two messages in one millisecond
	}
	type slot struct {
		author string
		ms     int64
	}
	groups := map[slot][]export.Message{}
	used := map[int64]bool{}
	for _, m := range msgs {
		k := slot{m.Author, m.Time.UnixMilli()}
		groups[k] = append(groups[k], m)
		used[k.ms] = true
	}
	clash := map[int64]bool{}
	for k, g := range groups {
		if len(g) > 1 && slices.ContainsFunc(g, edited) {
			clash[k.ms] = true
		}
	}
	for _, ms := range slices.Sorted(maps.Keys(clash)) {
		var at []int // the messages of that millisecond, in archive order
		for i, m := range msgs {
			if m.Time.UnixMilli() == ms {
				at = append(at, i)
			}
		}
		end := time.UnixMilli(ms).Truncate(time.Second).Add(time.Second).UnixMilli()
		n := int64(len(at) - 1) // the milliseconds after ms it needs, free, with nothing between
		if ms+n >= end {
			continue
		}
		free := true
		for next := ms + 1; next <= ms+n; next++ {
			free = free && !used[next]
		}
		if !free {
			continue
		}
		for j, i := range at[1:] {
			msgs[i].Time = time.UnixMilli(ms + int64(j) + 1).UTC()
			used[ms+int64(j)+1] = true
		}
	}
}

// sharedMillisecond reports whether an author has two of msgs in one
// millisecond (a second mostly holds a few messages: they are compared
// pairwise).
func sharedMillisecond(msgs []export.Message) bool {
	if len(msgs) > 32 {
		seen := map[[2]string]bool{}
		for _, m := range msgs {
			k := [2]string{m.Author, strconv.FormatInt(m.Time.UnixMilli(), 10)}
			if seen[k] {
				return true
			}
			seen[k] = true
		}
		return false
	}
	for i := range msgs {
		for j := i + 1; j < len(msgs); j++ {
			if msgs[i].Author == msgs[j].Author && msgs[i].Time.Equal(msgs[j].Time) {
				return true
			}
		}
	}
	return false
}

// edited reports whether a message carries an edit mark in any entry the
// export writes of it.
func edited(m export.Message) bool {
	return len(m.Versions) > 0 || !m.EditedAt.IsZero() || m.Deleted || store.HasEditMark(m.Body)
}

// message writes a message's earlier versions, oldest first, then the
// message as it is now, each on a line of its own.
func (x *Writer) message(m export.Message) error {
	out := outMessage{ID: entryID(m.ID, 0), OriginalArrivalTime: m.Time.UTC().Format("2006-01-02T15:04:05.000Z"),
		MessageType: SkypeType(m.Type, m.Body), Version: m.Updated().UnixMilli(), Content: m.Body, ConversationID: x.conv,
		From: UserMRI(m.Author)}
	if m.AuthorName != "" {
		out.DisplayName = &m.AuthorName
	}
	for i, v := range m.Versions {
		earlier := out
		earlier.ID, earlier.Content, earlier.MessageType = entryID(m.ID, i+1), v.Body, SkypeType(m.Type, v.Body)
		earlier.Version = cmp.Or(v.EditedAt, m.Time).UnixMilli()
		if !v.EditedAt.IsZero() {
			earlier.Properties = &outProperties{EditTime: millis(v.EditedAt.UnixMilli())}
		}
		if err := x.entry(earlier); err != nil {
			return err
		}
	}
	var props outProperties
	switch {
	case m.Deleted:
		props.DeleteTime = millis(cmp.Or(m.EditedAt, m.Time).UnixMilli())
	case !m.EditedAt.IsZero():
		props.EditTime = millis(m.EditedAt.UnixMilli())
	}
	props.Emotions = outEmotions(m.Reactions)
	if props.EditTime != "" || props.DeleteTime != "" || props.Emotions != nil {
		out.Properties = &props
	}
	return x.entry(out)
}

// entry writes one entry of the MessageList, on a line of its own: the
// fields of outMessage, in its order, encoded by hand (entry by entry this
// is most of the writer's work, which encoding/json's reflection doubled).
func (x *Writer) entry(out outMessage) error {
	b := x.line[:0]
	b = append(b, `{"id":`...)
	b = termsafe.AppendJSONString(b, out.ID)
	b = append(b, `,"displayName":`...)
	if out.DisplayName == nil {
		b = append(b, "null"...)
	} else {
		b = termsafe.AppendJSONString(b, *out.DisplayName)
	}
	for _, f := range [...]struct{ name, value string }{{"originalarrivaltime", out.OriginalArrivalTime}, {"messagetype", out.MessageType}} {
		b = append(b, `,"`...)
		b = append(b, f.name...)
		b = append(b, `":`...)
		b = termsafe.AppendJSONString(b, f.value)
	}
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, out.Version, 10)
	for _, f := range [...]struct{ name, value string }{{"content", out.Content}, {"conversationid", out.ConversationID}, {"from", out.From}} {
		b = append(b, `,"`...)
		b = append(b, f.name...)
		b = append(b, `":`...)
		b = termsafe.AppendJSONString(b, f.value)
	}
	b = append(b, `,"properties":`...)
	b = appendProperties(b, out.Properties)
	b = append(b, `,"amsreferences":null}`...)
	x.line = b
	if x.messages++; x.messages > 1 {
		x.w.WriteByte(',')
	}
	x.w.WriteByte('\n')
	_, err := x.w.Write(b)
	return err
}

// appendProperties appends an entry's properties, or null.
func appendProperties(b []byte, p *outProperties) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	b = append(b, '{')
	sep := ""
	for _, f := range [...]struct{ name, value string }{{"edittime", p.EditTime}, {"deletetime", p.DeleteTime}} {
		if f.value != "" {
			b = append(b, sep+`"`+f.name+`":`...)
			b = termsafe.AppendJSONString(b, f.value)
			sep = ","
		}
	}
	if len(p.Emotions) > 0 {
		b = append(b, sep+`"emotions":[`...)
		for i, e := range p.Emotions {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"key":`...)
			b = termsafe.AppendJSONString(b, e.Key)
			b = append(b, `,"users":[`...)
			for k, u := range e.Users {
				if k > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"mri":`...)
				b = termsafe.AppendJSONString(b, u.MRI)
				b = append(b, `,"time":`...)
				b = strconv.AppendInt(b, u.Time, 10)
				b = append(b, `,"value":`...)
				b = termsafe.AppendJSONString(b, u.Value)
				b = append(b, '}')
			}
			b = append(b, "]}"...)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// End closes the last conversation and the file, and writes what is
// buffered.
func (x *Writer) End() error {
	if err := x.closeConversation(); err != nil {
		return err
	}
	if x.chats > 0 {
		x.w.WriteByte('\n')
	}
	x.w.WriteString("]}\n")
	return x.w.Flush()
}

// closeConversation writes the messages held and closes the open
// conversation, if one is open.
func (x *Writer) closeConversation() error {
	if x.chats == 0 {
		return nil
	}
	if err := x.flushSecond(); err != nil {
		return err
	}
	if x.messages > 0 {
		x.w.WriteByte('\n')
	}
	_, err := x.w.WriteString("]}")
	x.messages = 0
	return err
}

// encode writes v as compact JSON, safe for a terminal (termsafe.JSON),
// without encoding/json's line break. The bytes are good until the next
// call.
func (x *Writer) encode(v any) ([]byte, error) {
	x.buf.Reset()
	if err := x.enc.Encode(v); err != nil {
		return nil, fmt.Errorf("skypeexport: write: %w", err)
	}
	b := x.buf.Bytes()
	return termsafe.JSON(b[:len(b)-1]), nil
}

// entryID is the id of an entry: Skype's ids are digits; an archived
// message's id, and the number of the version (0: as it is now).
func entryID(id int64, version int) string {
	return strconv.FormatInt(id, 10) + strconv.Itoa(1000 + version)[1:]
}

func millis(ms int64) string { return strconv.FormatInt(ms, 10) }

// outEmotions groups a message's reactions by emotion, as Skype lists them
// (nil when there are none).
func outEmotions(rs []store.Reaction) []outEmotion {
	var out []outEmotion
	for _, r := range rs {
		i := slices.IndexFunc(out, func(e outEmotion) bool { return e.Key == r.Emotion })
		if i < 0 {
			out = append(out, outEmotion{Key: r.Emotion})
			i = len(out) - 1
		}
		var at int64
		if !r.Time.IsZero() {
			at = r.Time.UnixMilli()
		}
		out[i].Users = append(out[i].Users, outEmotionUser{MRI: UserMRI(r.User), Time: at})
	}
	return out
}

// ConversationID is the id a chat archived under name has in an export of
// owner's, the inverse of what Import makes of an id (recordChat): a
// dialog of owner's is "8:partner" (the partner's MRI), a legacy Desktop
// API chat (#alice/$…) its migrated P2P group's id (LegacyID), and every
// other chat keeps its archive name, which Import archives as it is (a
// cloud group's 19:…@thread.skype, and a dialog of two other people,
// dialog:carol+dave, which a file of owner's cannot name by a partner).
func ConversationID(name, owner string) string {
	a, b, ok := store.DialogPair(name)
	switch {
	case ok && owner != "" && a == owner:
		return UserMRI(b)
	case ok && owner != "" && b == owner:
		return UserMRI(a)
	case len(name) > 1 && name[0] == '#':
		return LegacyID(name)
	}
	return name
}

// Owner is the account an export of these chats is written as: the person
// in the most dialogs (dialog:a+b), so that they are written as Skype
// writes dialogs ("8:partner"), then the one in the most chats, then the
// first by name. "" when no chat names a person.
func Owner(chats []store.Chat) string {
	dialogs, member := map[string]int{}, map[string]int{}
	for _, c := range chats {
		if a, b, ok := store.DialogPair(c.Name); ok {
			for _, p := range []string{a, b} {
				if p != "?" {
					dialogs[p]++
				}
			}
		}
		for _, p := range slices.Compact(slices.Sorted(slices.Values(c.Members))) {
			member[p]++
		}
	}
	people := slices.Sorted(maps.Keys(member))
	for p := range dialogs {
		if _, ok := member[p]; !ok {
			people = append(people, p)
		}
	}
	slices.SortStableFunc(people, func(p, q string) int {
		return cmp.Or(cmp.Compare(dialogs[q], dialogs[p]), cmp.Compare(member[q], member[p]), cmp.Compare(p, q))
	})
	if len(people) == 0 {
		return ""
	}
	return people[0]
}
