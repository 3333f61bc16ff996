package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
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

type jsonMessage struct {
	Key           string         `json:"key"`
	Time          time.Time      `json:"time"`
	TimePrecision string         `json:"time_precision"`
	TimeSuspect   bool           `json:"time_suspect"`
	Author        string         `json:"author"`
	AuthorName    string         `json:"author_name"`
	Type          string         `json:"type"`
	Text          string         `json:"text"`
	Body          string         `json:"body"`
	Edited        bool           `json:"edited"`
	EditedAt      *time.Time     `json:"edited_at"`
	EditedBy      string         `json:"edited_by"`
	Deleted       bool           `json:"deleted"`
	Permalink     string         `json:"permalink"`
	Versions      []jsonVersion  `json:"versions"`
	Reactions     []jsonReaction `json:"reactions"`
}

type jsonVersion struct {
	Text     string     `json:"text"`
	Body     string     `json:"body"`
	EditedBy string     `json:"edited_by"`
	EditedAt *time.Time `json:"edited_at"`
}

type jsonReaction struct {
	Emotion string     `json:"emotion"`
	User    string     `json:"user"`
	Time    *time.Time `json:"time"`
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

// Message writes one message, on a line of its own.
func (j *JSON) Message(m Message) error {
	out := jsonMessage{Key: m.Key, Time: m.Time.UTC(), TimePrecision: "s", TimeSuspect: m.TimeSuspect, Author: m.Author,
		AuthorName: m.AuthorName, Type: m.Type, Text: m.Text, Body: m.Body, Edited: !m.EditedAt.IsZero(),
		EditedAt: optionalTime(m.EditedAt), EditedBy: m.EditedBy, Deleted: m.Deleted, Permalink: j.links.to(m.Message),
		Versions: make([]jsonVersion, 0, len(m.Versions)), Reactions: make([]jsonReaction, 0, len(m.Reactions))}
	if m.TimePrecision < time.Second {
		out.TimePrecision = "ms"
	}
	for _, v := range m.Versions {
		out.Versions = append(out.Versions, jsonVersion{Text: v.Text, Body: v.Body, EditedBy: v.EditedBy, EditedAt: optionalTime(v.EditedAt)})
	}
	for _, r := range m.Reactions {
		out.Reactions = append(out.Reactions, jsonReaction{Emotion: r.Emotion, User: r.User, Time: optionalTime(r.Time)})
	}
	b, err := j.encode(out)
	if err != nil {
		return err
	}
	if j.messages++; j.messages > 1 {
		j.w.WriteByte(',')
	}
	j.w.WriteByte('\n')
	_, err = j.w.Write(b)
	return err
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
