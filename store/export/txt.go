package export

import (
	"bufio"
	"cmp"
	"io"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

// Text writes the plain log people paste: a heading per chat, then a line
// per message, "[2013-07-30 21:27] Gen Beringer: need to know …", in the
// time zone of Meta.Location, with a body's further lines indented by four
// spaces. An emote reads "* Bob waves"; an edited message ends with
// "(edited)"; a deleted one says "(message deleted)". Everything taken from
// the archive goes through termsafe, whatever the output: the file may be
// printed on a terminal later.
type Text struct {
	w     *bufio.Writer
	loc   *time.Location
	chats int
	line  []byte
}

// NewText makes a txt writer that writes to w.
func NewText(w io.Writer) *Text { return &Text{w: bufio.NewWriterSize(w, 64<<10)} }

// Needs asks for the messages alone, oldest first.
func (t *Text) Needs() Needs { return Needs{} }

// Begin notes the time zone.
func (t *Text) Begin(meta Meta) error {
	t.loc = meta.Location
	if t.loc == nil {
		t.loc = time.UTC
	}
	return nil
}

// Chat writes the chat's heading, after a blank line between chats.
func (t *Text) Chat(c store.Chat) error {
	if t.chats++; t.chats > 1 {
		t.w.WriteByte('\n')
	}
	_, err := t.w.WriteString("== " + termsafe.Line(c.Title()) + " ==\n")
	return err
}

// Message writes one message's line, and its body's further lines.
func (t *Text) Message(m Message) error {
	b := t.line[:0]
	b = append(b, '[')
	b = m.Time.In(t.loc).AppendFormat(b, "2006-01-02 15:04")
	b = append(b, "] "...)
	who := termsafe.Line(cmp.Or(m.AuthorName, m.Author))
	text := termsafe.Text(m.Text)
	if m.Deleted {
		text = "(message deleted)"
	}
	if m.Type == "EMOTED" && !m.Deleted {
		b = append(b, "* "...)
	} else {
		who += ":"
	}
	b = append(b, who...)
	if text != "" {
		b = append(b, ' ')
		b = append(b, strings.ReplaceAll(text, "\n", "\n    ")...)
	}
	if !m.EditedAt.IsZero() && !m.Deleted {
		b = append(b, " (edited)"...)
	}
	b = append(b, '\n')
	t.line = b
	_, err := t.w.Write(b)
	return err
}

// End flushes what is buffered.
func (t *Text) End() error { return t.w.Flush() }
