package skypeexport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Message is one entry of a conversation's MessageList.
type Message struct {
	ID              string     // "id", a string of digits (may exceed 64 bits)
	ConversationID  string     // "conversationid"; the conversation's id if absent
	From            string     // sender MRI as given ("8:live:alice", "28:concierge", or a thread id)
	Author          string     // From without its numeric prefix (see Handle)
	DisplayName     string     // sender display name; "" when null
	Time            time.Time  // "originalarrivaltime", UTC; zero if absent
	Type            string     // "messagetype", e.g. "RichText", "Event/Call"
	Content         string     // "content" markup; may be ""
	EditTime        time.Time  // properties.edittime (epoch ms), UTC; zero if not edited
	DeleteTime      time.Time  // properties.deletetime (epoch ms), UTC; zero if not deleted
	Reactions       []Reaction // properties.emotions, given as a list or as a JSON string
	Media           []string   // "amsreferences": media doc ids (media/<docid>.*)
	ServerGenerated bool       // properties.isserversidegenerated
}

// Reaction is one emotion key with the users who chose it.
type Reaction struct {
	Key   string         // e.g. "like", "heart"
	Users []ReactionUser // who reacted
}

// ReactionUser is one user's reaction.
type ReactionUser struct {
	MRI   string    // "mri"
	Time  time.Time // "time" (epoch ms), UTC; zero if absent
	Value string    // "value", as text
}

// rawMessage is the wire form of a message; flexible fields stay raw.
type rawMessage struct {
	ID                  json.RawMessage `json:"id"`
	ConversationID      string          `json:"conversationid"`
	From                string          `json:"from"`
	DisplayName         *string         `json:"displayName"`
	OriginalArrivalTime string          `json:"originalarrivaltime"`
	MessageType         string          `json:"messagetype"`
	Content             *string         `json:"content"`
	Properties          *rawProperties  `json:"properties"`
	AMSReferences       []string        `json:"amsreferences"`
}

type rawProperties struct {
	EditTime        json.RawMessage `json:"edittime"`
	DeleteTime      json.RawMessage `json:"deletetime"`
	ServerGenerated json.RawMessage `json:"isserversidegenerated"`
	Emotions        emotions        `json:"emotions"`
}

// emotions is properties.emotions: a list of reactions, or a JSON string
// holding that list. It is decoded in the same pass as the message.
type emotions struct {
	list []rawReaction
	err  error // a bad string payload, reported by toMessage
}

// UnmarshalJSON accepts null, a list, or a string holding a list.
func (e *emotions) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if isNull(b) {
		return nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = bytes.TrimSpace([]byte(s))
		if isNull(b) {
			return nil
		}
		if err := json.Unmarshal(b, &e.list); err != nil {
			e.err = err
		}
		return nil
	}
	return json.Unmarshal(b, &e.list)
}

type rawReaction struct {
	Key   string `json:"key"`
	Users []struct {
		MRI   string          `json:"mri"`
		Time  json.RawMessage `json:"time"`
		Value json.RawMessage `json:"value"`
	} `json:"users"`
}

// toMessage converts the wire form, validating the flexible fields.
func (r *rawMessage) toMessage(convID string) (Message, error) {
	m := Message{
		ConversationID: r.ConversationID,
		From:           r.From,
		Author:         Handle(r.From),
		Type:           r.MessageType,
		Media:          r.AMSReferences,
	}
	if m.ConversationID == "" {
		m.ConversationID = convID
	}
	m.ID = scalarText(r.ID)
	if r.DisplayName != nil {
		m.DisplayName = *r.DisplayName
	}
	if r.Content != nil {
		m.Content = *r.Content
	}
	if r.OriginalArrivalTime != "" {
		t, err := ParseTime(r.OriginalArrivalTime)
		if err != nil {
			return m, fmt.Errorf("message %s: originalarrivaltime: %w", m.ID, err)
		}
		m.Time = t
	}
	p := r.Properties
	if p == nil {
		return m, nil
	}
	var err error
	if m.EditTime, err = epochMillis(p.EditTime); err != nil {
		return m, fmt.Errorf("message %s: properties.edittime: %w", m.ID, err)
	}
	if m.DeleteTime, err = epochMillis(p.DeleteTime); err != nil {
		return m, fmt.Errorf("message %s: properties.deletetime: %w", m.ID, err)
	}
	switch v := scalarText(p.ServerGenerated); v {
	case "", "false", "0":
	default:
		m.ServerGenerated = true
	}
	if m.Reactions, err = parseEmotions(p.Emotions); err != nil {
		return m, fmt.Errorf("message %s: properties.emotions: %w", m.ID, err)
	}
	return m, nil
}

// ParseTime parses an ISO-8601 time as found in originalarrivaltime: a
// fraction of any width or none, "Z" or an offset, or no zone (taken as
// UTC). The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	// time.Parse accepts a fractional second of any width after the
	// seconds even when the layout has none.
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse time %q", s)
}

// isNull reports whether raw is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// scalarText returns a JSON scalar as text: strings unquoted, numbers and
// booleans as written, null/absent as "".
func scalarText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if isNull(raw) {
		return ""
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	}
	return string(raw)
}

// epochMillis parses epoch milliseconds given as a string or a number
// (integer or float); "" / null / "0" give the zero time.
func epochMillis(raw json.RawMessage) (time.Time, error) {
	s := strings.TrimSpace(scalarText(raw))
	if s == "" || s == "0" {
		return time.Time{}, nil
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("not epoch milliseconds: %q", s)
	}
	return time.UnixMilli(int64(f)).UTC(), nil
}

// parseEmotions converts the decoded reaction list.
func parseEmotions(e emotions) ([]Reaction, error) {
	if e.err != nil {
		return nil, e.err
	}
	if e.list == nil {
		return nil, nil
	}
	out := make([]Reaction, 0, len(e.list))
	for _, r := range e.list {
		re := Reaction{Key: r.Key}
		for _, u := range r.Users {
			t, err := epochMillis(u.Time)
			if err != nil {
				return nil, fmt.Errorf("reaction %q: %w", r.Key, err)
			}
			re.Users = append(re.Users, ReactionUser{MRI: u.MRI, Time: t, Value: scalarText(u.Value)})
		}
		out = append(out, re)
	}
	return out, nil
}

// typeRule is what the import does with the messages of one messagetype:
// archive them under an archive type name (the names the live API and
// main.db use where there is one), or leave them out for a reason.
type typeRule struct {
	name string // archive type; "" when left out
	skip string // why they are left out
}

// messageTypes holds a deliberate rule for every messagetype of spec 1.5.
// Types it does not name are kept under their own name.
var messageTypes = map[string]typeRule{
	"RichText":                                  {name: "SAID"},
	"Text":                                      {name: "SAID"},
	"RichText/Html":                             {name: "SAID"},
	"RichText/UriObject":                        {name: "FILE"}, // a shared photo or file, as main.db type 201
	"RichText/Media_GenericFile":                {name: "FILES"},
	"RichText/Media_Video":                      {name: "MEDIAMESSAGE"},
	"RichText/Media_AudioMsg":                   {name: "MEDIAMESSAGE"},
	"RichText/Media_Album":                      {name: "ALBUM"}, // kept: nothing documents its pictures also coming alone
	"RichText/Media_Card":                       {name: "CARD"},
	"RichText/SwiftObject":                      {name: "CARD"},
	"RichText/Media_CallRecording":              {name: "CALLRECORDING"},
	"RichText/Media_FlikMsg":                    {name: "MOJI"},
	"RichText/Contacts":                         {name: "POSTEDCONTACTS"},
	"RichText/Location":                         {name: "LOCATION"},
	"RichText/ScheduledCallInvite":              {name: "CALLINVITE"},
	"Event/Call":                                {name: "CALLSTARTED"}, // CALLENDED when its partlist says so
	"Event/BingBot":                             {name: "BOTEVENT"},
	"ThreadActivity/AddMember":                  {name: "ADDEDMEMBERS"},
	"ThreadActivity/DeleteMember":               {name: "KICKED"}, // LEFT when the member removed themselves
	"ThreadActivity/TopicUpdate":                {name: "SETTOPIC"},
	"ThreadActivity/PictureUpdate":              {name: "SETPICTURE"},
	"ThreadActivity/HistoryDisclosedUpdate":     {name: "SETOPTIONS"},
	"ThreadActivity/JoiningEnabledUpdate":       {name: "SETOPTIONS"},
	"ThreadActivity/E2EEHandshakeInvite":        {skip: "encryption handshakes"},
	"ThreadActivity/E2EEHandshakeAccept":        {skip: "encryption handshakes"},
	"ThreadActivity/E2EEHandshakeComplete":      {skip: "encryption handshakes"},
	"EndToEndEncryption/EncryptedText":          {skip: "end-to-end encrypted, unreadable"},
	"Notice":                                    {name: "NOTICE"},
	"PopCard":                                   {skip: "promotional cards"},
	"Poll":                                      {name: "POLL"},
	"InviteFreeRelationshipChanged/Initialized": {skip: "contact bookkeeping"},
}

// ArchiveType is the type an export message is archived under, or, when
// it is left out, why (spec 1.5; see messageTypes).
func ArchiveType(m Message) (name, skip string) {
	rule, ok := messageTypes[m.Type]
	switch {
	case !ok:
		return m.Type, ""
	case m.Type == "Event/Call" && strings.Contains(m.Content, `type="ended"`):
		return "CALLENDED", ""
	case m.Type == "ThreadActivity/DeleteMember" && removedThemselves(m.Content):
		return "LEFT", ""
	}
	return rule.name, rule.skip
}

// skypeTypes lists, per archive type, the messagetypes messageTypes
// archives under it, sorted (so "RichText" stands for SAID).
var skypeTypes = func() map[string][]string {
	byName := map[string][]string{}
	for _, k := range slices.Sorted(maps.Keys(messageTypes)) {
		if name := messageTypes[k].name; name != "" {
			byName[name] = append(byName[name], k)
		}
	}
	return byName
}()

// SkypeType is the messagetype an export gives a message archived under
// typ with this content: one that ArchiveType reads back as typ (a call's
// "Event/Call" is CALLENDED when its partlist says it ended), or, where no
// Skype type does, typ itself, which ArchiveType keeps as it is.
func SkypeType(typ, content string) string {
	for _, k := range skypeTypes[typ] {
		if name, _ := ArchiveType(Message{Type: k, Content: content}); name == typ {
			return k
		}
	}
	for _, k := range slices.Sorted(maps.Keys(messageTypes)) { // the names that depend on the content
		if name, _ := ArchiveType(Message{Type: k, Content: content}); name == typ {
			return k
		}
	}
	return typ
}

// removedThemselves reports whether a deletemember event names its
// initiator as the one member removed.
func removedThemselves(content string) bool {
	initiator, targets := between(content, "<initiator>", "</initiator>"), strings.Count(content, "<target>")
	return initiator != "" && targets == 1 && between(content, "<target>", "</target>") == initiator
}

func between(s, open, close string) string {
	_, rest, ok := strings.Cut(s, open)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, close)
	return strings.TrimSpace(v)
}
