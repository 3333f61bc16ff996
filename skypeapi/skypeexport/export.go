package skypeexport

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Export is an opened Skype data export. Open or newReader reads the
// top-level object up to the "conversations" array; Each or Walk then
// streams the conversations, once.
type Export struct {
	// UserID is the exporting account's MRI ("userId"). ExportDate is
	// "exportDate" as written (minute precision, no zone, e.g.
	// "2020-07-06T20:55"). Both are set by Open when they precede
	// "conversations" in the file (as Skype writes them); otherwise they
	// are set once Each/Walk has read past them.
	UserID     string
	ExportDate string

	// FromTar reports that messages.json was read from a tar archive.
	FromTar bool
	// HasMedia reports that the tar holds entries under media/. With Open
	// of an uncompressed tar it is known on return; otherwise (newReader,
	// gzip) it reflects the entries seen so far, all of them once Each/Walk
	// has returned nil.
	HasMedia bool
	// TarDamage is set when the tar is damaged (for instance a truncated
	// download) only after messages.json: the messages are complete, but
	// media entries may be missing. Open sets it when messages.json and
	// the entry header after it were read intact (a tar damaged earlier
	// fails Open); with newReader it is set by Each/Walk once
	// messages.json has been read to its end.
	TarDamage error

	name    string      // file name for errors
	member  string      // "messages.json" inside a tar, "" for bare JSON
	closer  io.Closer   // the file, for Open
	tr      *tar.Reader // stream-mode tar reader, drained after the JSON
	dec     *json.Decoder
	noConvs bool  // "conversations" was null
	bom     int64 // length of a skipped byte order mark, added to offsets
	used    bool

	pos position // where the walk is, for errors
}

type position struct {
	conv   int
	convID string
	msg    int
}

// Open opens an export: a .tar holding messages.json at its root (also
// "./messages.json"; media/ entries are noted in HasMedia), or a bare
// messages.json. The kind is detected from the content: a first non-space
// byte '{' means JSON ('[' is a JSON array, which no export is: an
// ErrNotExport saying so), anything else is tried as a tar. For a tar, Open
// reads every entry header first (skipping the data by seeking), so a tar
// truncated inside messages.json fails here, before any message is
// delivered. A gzip-compressed tar or JSON is also accepted and read as a
// one-pass stream (as with newReader). Close the Export when done.
func Open(path string) (*Export, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Offset: -1, Conversation: -1, Message: -1, Err: err}
	}
	e, err := newExport(f, path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	e.closer = f
	return e, nil
}

// newReader reads an export (tar or bare JSON, detected as by Open) from
// r, which is read once, in order: it may be a pipe or a network stream.
// name is used in error messages. Closing the Export does not close r.
func newReader(r io.Reader, name string) (*Export, error) {
	return newExport(r, name, nil)
}

// Close releases the file opened by Open. It is safe to call more than once.
func (e *Export) Close() error {
	if e.closer == nil {
		return nil
	}
	c := e.closer
	e.closer = nil
	if err := c.Close(); err != nil {
		return e.wrap(err, false)
	}
	return nil
}

func newExport(r io.Reader, name string, file *os.File) (*Export, error) {
	e := &Export{name: name, pos: position{conv: -1, msg: -1}}
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(512)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, e.wrap(err, false)
	}
	if len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b {
		// A gzip-compressed export (.tar.gz or .json.gz): read it as a
		// one-pass stream.
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, e.wrap(fmt.Errorf("gzip: %w", err), false)
		}
		return newExport(zr, name, nil)
	}
	var src io.Reader
	switch firstByte(head) {
	case -1:
		return nil, e.wrap(fmt.Errorf("empty file: %w", ErrNotExport), false)
	case '{':
		src = e.skipBOM(br)
	case '[':
		return nil, e.wrap(fmt.Errorf("a JSON array, not a Skype export (one JSON object whose \"conversations\" hold the messages): %w", ErrNotExport), false)
	default:
		e.FromTar = true
		e.member = "messages.json"
		if file != nil {
			src, err = e.openTarFile(file)
		} else {
			src, err = e.openTarStream(br)
		}
		if err != nil {
			return nil, e.wrap(err, false)
		}
		src = e.skipBOM(bufio.NewReaderSize(src, 64<<10))
	}
	e.dec = json.NewDecoder(src)
	if err := e.readHead(); err != nil {
		return nil, e.wrap(err, true)
	}
	return e, nil
}

// skipBOM drops a leading UTF-8 byte order mark, which encoding/json
// rejects.
func (e *Export) skipBOM(br *bufio.Reader) io.Reader {
	if b, _ := br.Peek(3); string(b) == "\xef\xbb\xbf" {
		br.Discard(3)
		e.bom = 3
	}
	return br
}

// firstByte returns the first byte after a BOM and white space, or -1.
func firstByte(b []byte) int {
	s := strings.TrimPrefix(string(b), "\xef\xbb\xbf")
	s = strings.TrimLeft(s, " \t\r\n")
	if s == "" {
		return -1
	}
	return int(s[0])
}

// isMessagesJSON reports whether a tar entry is the root messages.json.
func isMessagesJSON(h *tar.Header) bool {
	return strings.TrimPrefix(h.Name, "./") == "messages.json" && isFile(h)
}

// isFile reports whether a tar entry holds a file's bytes: a hard link
// (which tar stores as a regular file's mode with no bytes, naming the
// entry it repeats) does not.
func isFile(h *tar.Header) bool {
	return h.FileInfo().Mode().IsRegular() && h.Typeflag != tar.TypeLink
}

// isMedia reports whether a tar entry lies under media/.
func isMedia(h *tar.Header) bool {
	n := strings.TrimPrefix(h.Name, "./")
	return strings.HasPrefix(n, "media/") && len(n) > len("media/")
}

// tarError turns the first failure of a tar reader into ErrNotExport and
// names the last entry read intact (after is "" for none).
func tarError(err error, first bool, after string) error {
	if first && (errors.Is(err, tar.ErrHeader) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) {
		return fmt.Errorf("neither JSON nor a tar archive (%v): %w", err, ErrNotExport)
	}
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	if after != "" {
		return fmt.Errorf("reading tar after entry %q: %w", after, err)
	}
	return fmt.Errorf("reading tar: %w", err)
}

// openTarFile scans all tar headers (data is skipped by seeking) to find
// messages.json and note media/, then positions a fresh reader on it.
func (e *Export) openTarFile(f *os.File) (io.Reader, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	tr := tar.NewReader(f)
	index := -1
	last := ""
	for i := 0; ; i++ {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) && i > 0 {
			break
		}
		if err != nil {
			err = tarError(err, i == 0, last)
			if index >= 0 && i > index+1 {
				e.TarDamage = err // messages.json and the header after it are intact
				break
			}
			return nil, err
		}
		last = h.Name
		if index < 0 && isMessagesJSON(h) {
			index = i
		}
		if isMedia(h) {
			e.HasMedia = true
		}
	}
	if index < 0 {
		return nil, fmt.Errorf("no messages.json at the root of the tar: %w", ErrNotExport)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	tr = tar.NewReader(f)
	for i := 0; i <= index; i++ {
		if _, err := tr.Next(); err != nil {
			return nil, tarError(err, false, "")
		}
	}
	return tr, nil
}

// openTarStream advances a one-pass tar reader to messages.json.
func (e *Export) openTarStream(r io.Reader) (io.Reader, error) {
	tr := tar.NewReader(r)
	last := ""
	for i := 0; ; i++ {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) && i > 0 {
			return nil, fmt.Errorf("no messages.json at the root of the tar: %w", ErrNotExport)
		}
		if err != nil {
			return nil, tarError(err, i == 0, last)
		}
		last = h.Name
		if isMedia(h) {
			e.HasMedia = true
		}
		if isMessagesJSON(h) {
			e.tr = tr
			return tr, nil
		}
	}
}

// drainTar reads the tar headers after messages.json (stream mode) to
// complete HasMedia and to detect a truncated archive.
func (e *Export) drainTar() error {
	if e.tr == nil {
		return nil
	}
	for {
		h, err := e.tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return tarError(err, false, "messages.json or later")
		}
		if isMedia(h) {
			e.HasMedia = true
		}
	}
}

// wrap adds file and position to err. withOffset adds the JSON offset.
func (e *Export) wrap(err error, withOffset bool) error {
	var xe *Error
	if errors.As(err, &xe) {
		return err
	}
	xe = &Error{File: e.name, Offset: -1, Conversation: e.pos.conv, ConversationID: e.pos.convID, Message: e.pos.msg, Err: err}
	if withOffset && e.dec != nil {
		xe.Member = e.member
		xe.Offset = e.dec.InputOffset() + e.bom
	}
	return xe
}
