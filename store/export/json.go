package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	_ "embed"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

// JSONFormat and JSONVersion name the JSON export's schema (schema.json)
// in every file it writes. The version changes when a field changes
// meaning or goes away; fields may be added within a version.
const (
	JSONFormat  = "chatchannels-export"
	JSONVersion = 1
)

// Schema is the JSON export's JSON Schema (draft 2020-12).
//
//go:embed schema.json
var Schema []byte

// JSON writes the documented JSON export (Schema): what it holds, then its
// chats, each with its messages (their earlier versions and reactions
// too), a message a line. It streams: the chats and the messages are
// arrays written element by element. Characters a terminal would act on
// are \u escapes (termsafe.JSON), so the JSON says exactly what the
// archive holds and is safe to print.
type JSON struct {
	w        *bufio.Writer
	buf      bytes.Buffer
	enc      *json.Encoder
	chats    int
	messages int        // of the current chat
	links    permalinks // of the current chat
	line     []byte
}

// NewJSON makes a json writer that writes to w.
func NewJSON(w io.Writer) *JSON {
	j := &JSON{w: bufio.NewWriterSize(w, 64<<10)}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}

// Needs asks for earlier versions and reactions, oldest first.
func (j *JSON) Needs() Needs { return Needs{Versions: true, Reactions: true} }

type jsonHead struct {
	Format     string     `json:"format"`
	Version    int        `json:"version"`
	Generator  string     `json:"generator"`
	ExportedAt time.Time  `json:"exported_at"`
	Filter     jsonFilter `json:"filter"`
}

type jsonFilter struct {
	Chats  []string   `json:"chats"`
	Since  *time.Time `json:"since"`
	Until  *time.Time `json:"until"`
	Author *string    `json:"author"`
	Query  *string    `json:"query"`
}

type jsonChat struct {
	Name    string   `json:"name"`
	WebID   string   `json:"web_id"`
	Title   string   `json:"title"`
	Topic   string   `json:"topic"`
	Members []string `json:"members"`
}

// Begin writes what the export holds, and opens the array of chats.
func (j *JSON) Begin(meta Meta) error {
	f := meta.Filter
	head := jsonHead{Format: JSONFormat, Version: JSONVersion, Generator: meta.Generator, ExportedAt: meta.ExportedAt.UTC(),
		Filter: jsonFilter{Chats: []string{}, Since: optionalTime(f.Since), Until: optionalTime(f.Until)}}
	for _, c := range f.Chats {
		head.Filter.Chats = append(head.Filter.Chats, c.Name)
	}
	if f.Author != "" {
		head.Filter.Author = &f.Author
	}
	if f.Query != "" {
		head.Filter.Query = &f.Query
	}
	b, err := j.encode(head)
	if err != nil {
		return err
	}
	j.w.Write(b[:len(b)-1]) // without the closing brace
	_, err = j.w.WriteString(`,"chats":[`)
	return err
}

// Chat closes the chat before, if any, and opens this one and its array
// of messages.
func (j *JSON) Chat(c store.Chat) error {
	j.closeChat()
	if j.chats++; j.chats > 1 {
		j.w.WriteByte(',')
	}
	members := c.Members
	if members == nil {
		members = []string{}
	}
	b, err := j.encode(jsonChat{Name: c.Name, WebID: c.WebID, Title: c.Title(), Topic: c.Topic, Members: members})
	if err != nil {
		return err
	}
	j.w.WriteByte('\n')
	j.w.Write(b[:len(b)-1])
	_, err = j.w.WriteString(`,"messages":[`)
	j.links.of(c)
	return err
}

// Message writes one message, on a line of its own: the fields of
// schema.json's message, in its order, encoded by hand (message by
// message this is most of the writer's work, which encoding/json's
// reflection doubled).
func (j *JSON) Message(m Message) error {
	b := j.line[:0]
	b = append(b, `{"key":`...)
	b = termsafe.AppendJSONString(b, m.Key)
	b = append(b, `,"time":`...)
	b = appendTime(b, m.Time)
	precision := "s"
	if m.TimePrecision < time.Second {
		precision = "ms"
	}
	b = append(b, `,"time_precision":"`...)
	b = append(b, precision...)
	b = append(b, `","time_suspect":`...)
	b = strconv.AppendBool(b, m.TimeSuspect)
	for _, f := range [...]struct{ name, value string }{{"author", m.Author}, {"author_name", m.AuthorName}, {"type", m.Type},
		{"text", m.Text}, {"body", m.Body}} {
		b = append(b, `,"`...)
		b = append(b, f.name...)
		b = append(b, `":`...)
		b = termsafe.AppendJSONString(b, f.value)
	}
	b = append(b, `,"edited":`...)
	b = strconv.AppendBool(b, !m.EditedAt.IsZero())
	b = append(b, `,"edited_at":`...)
	b = appendTime(b, m.EditedAt)
	b = append(b, `,"edited_by":`...)
	b = termsafe.AppendJSONString(b, m.EditedBy)
	b = append(b, `,"deleted":`...)
	b = strconv.AppendBool(b, m.Deleted)
	b = append(b, `,"permalink":`...)
	b = termsafe.AppendJSONString(b, j.links.to(m.Message))
	b = append(b, `,"versions":[`...)
	for i, v := range m.Versions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"text":`...)
		b = termsafe.AppendJSONString(b, v.Text)
		b = append(b, `,"body":`...)
		b = termsafe.AppendJSONString(b, v.Body)
		b = append(b, `,"edited_by":`...)
		b = termsafe.AppendJSONString(b, v.EditedBy)
		b = append(b, `,"edited_at":`...)
		b = appendTime(b, v.EditedAt)
		b = append(b, '}')
	}
	b = append(b, `],"reactions":[`...)
	for i, r := range m.Reactions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"emotion":`...)
		b = termsafe.AppendJSONString(b, r.Emotion)
		b = append(b, `,"user":`...)
		b = termsafe.AppendJSONString(b, r.User)
		b = append(b, `,"time":`...)
		b = appendTime(b, r.Time)
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	j.line = b
	if j.messages++; j.messages > 1 {
		j.w.WriteByte(',')
	}
	j.w.WriteByte('\n')
	_, err := j.w.Write(b)
	return err
}

// appendTime appends a time in UTC as a JSON string (RFC 3339, as
// encoding/json writes a time.Time), or null for the zero time.
func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// End closes the last chat and the export, and writes what is buffered.
func (j *JSON) End() error {
	j.closeChat()
	if j.chats > 0 {
		j.w.WriteByte('\n')
	}
	j.w.WriteString("]}\n")
	return j.w.Flush()
}

// closeChat closes the open chat's messages and the chat, if one is open.
func (j *JSON) closeChat() {
	if j.chats == 0 {
		return
	}
	if j.messages > 0 {
		j.w.WriteByte('\n')
	}
	j.w.WriteString("]}")
	j.messages = 0
}

// encode writes v as compact JSON, safe for a terminal, without the line
// break encoding/json ends it with. The bytes are good until the next call.
func (j *JSON) encode(v any) ([]byte, error) {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	b := j.buf.Bytes()
	return termsafe.JSON(b[:len(b)-1]), nil
}

// optionalTime is t in UTC, or nil for the zero time (JSON null).
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
