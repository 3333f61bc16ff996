package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/app/termsafe"
)

// writeJSON prints v as indented JSON for scripts. encoding/json escapes
// the C0 controls but not DEL, the C1 controls or the bidirectional
// controls: those are written as \u escapes too, so that JSON printed on a
// terminal is as safe as text and still says exactly what the archive
// holds.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	out := make([]byte, 0, buf.Len())
	for b := buf.Bytes(); len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		if r >= 0x7f && termsafe.Unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	_, err := w.Write(out)
	return err
}
