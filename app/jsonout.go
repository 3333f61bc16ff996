package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/chatchannels/chatchannels/store/termsafe"
)

// writeJSON prints v as indented JSON for scripts, as safe on a terminal as
// text and still saying exactly what the archive holds (termsafe.JSON).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("json: %w", err)
	}
	_, err := w.Write(termsafe.JSON(buf.Bytes()))
	return err
}
