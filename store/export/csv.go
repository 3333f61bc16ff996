package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

// CSVColumns are the CSV's columns, its first row: the chat's title, the
// time (UTC, ISO 8601), the author's handle and display name, the text,
// whether it was edited and deleted (true, false), the message's key and
// its permalink (from the web view's root).
var CSVColumns = []string{"chat", "time", "author", "author_name", "text", "edited", "deleted", "key", "permalink"}

// CSV writes a table for spreadsheets and scripts: RFC 4180 (rows end in
// CRLF; a field holding a comma, a quote, a line break or leading space is
// quoted, its quotes doubled), UTF-8 led by a byte order mark so that
// spreadsheets read it as UTF-8, a row per message (CSVColumns). A cell
// that a spreadsheet would take for a formula gets a leading ' (see
// Defuse). Texts are kept as they are, their line breaks too (encoding/csv
// would write a text's LF as CRLF, which Python's csv module then reads
// back as CRLF), except on a terminal (Meta.Terminal), where termsafe makes
// them safe.
type CSV struct {
	w        *bufio.Writer
	terminal bool
	chat     store.Chat
	links    permalinks
	row      []string
	line     []byte
}

// NewCSV makes a csv writer that writes to w.
func NewCSV(w io.Writer) *CSV {
	return &CSV{w: bufio.NewWriterSize(w, 64<<10), row: make([]string, len(CSVColumns))}
}

// Needs asks for the messages alone, oldest first.
func (c *CSV) Needs() Needs { return Needs{} }

// Begin writes the byte order mark and the columns' names.
func (c *CSV) Begin(meta Meta) error {
	c.terminal = meta.Terminal
	c.w.WriteString("\ufeff")
	return c.writeRow(CSVColumns)
}

// Chat notes the chat its messages' rows name.
func (c *CSV) Chat(ch store.Chat) error {
	c.chat = ch
	c.links.of(ch)
	return nil
}

// Message writes a message's row.
func (c *CSV) Message(m Message) error {
	r := c.row
	r[0], r[1], r[2], r[3], r[4] = c.cell(c.chat.Title()), ISOTime(m.Time), c.cell(m.Author), c.cell(m.AuthorName), c.cell(m.Text)
	r[5], r[6] = strconv.FormatBool(!m.EditedAt.IsZero()), strconv.FormatBool(m.Deleted)
	r[7], r[8] = c.cell(m.Key), c.cell(c.links.to(m.Message))
	return c.writeRow(r)
}

// End writes what is buffered.
func (c *CSV) End() error { return c.w.Flush() }

// writeRow writes one row, its fields quoted where RFC 4180 needs it.
func (c *CSV) writeRow(fields []string) error {
	b := c.line[:0]
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		if f == "" || !strings.ContainsAny(f, ",\"\r\n") && f[0] != ' ' && f[len(f)-1] != ' ' {
			b = append(b, f...)
			continue
		}
		b = append(b, '"')
		b = append(b, strings.ReplaceAll(f, `"`, `""`)...)
		b = append(b, '"')
	}
	b = append(b, "\r\n"...)
	c.line = b
	_, err := c.w.Write(b)
	return err
}

// cell is a value as a CSV cell: defused, and made safe on a terminal.
func (c *CSV) cell(s string) string {
	if c.terminal {
		s = termsafe.Text(s)
	}
	return Defuse(s)
}

// Defuse keeps a spreadsheet from taking a cell for a formula (CSV
// injection, as OWASP describes it): a cell that starts with =, +, -, @, a
// tab or a carriage return gets a leading single quote, which spreadsheets
// show as text and scripts reading the CSV see (a phone number "+1555…"
// reads "'+1555…").
func Defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// ISOTime writes a time in UTC as ISO 8601 (RFC 3339), with as many
// decimals as it has (milliseconds at most in the archive).
func ISOTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
