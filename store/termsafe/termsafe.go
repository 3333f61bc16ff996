// Package termsafe makes text from message data safe to print on a
// terminal: a chat title, a display name or a message body must not be able
// to move the cursor, clear the screen, retitle the window, write to the
// clipboard or reorder what the terminal shows. Everything printed from the
// archive goes through Text or Line, and JSON through JSON. (It lives beside
// the store so that the command line and the export, store/export, share
// the one rule.)
package termsafe

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Unsafe reports whether a rune must not reach a terminal as it is: the C0
// controls (ESC starts every escape sequence: CSI, OSC, DCS…), DEL, the C1
// controls (U+0080–U+009F, which some terminals take as escape sequences
// too), and the bidirectional embeddings, overrides and isolates
// (U+202A–U+202E, U+2066–U+2069), which reorder what follows them. Also
// utf8.RuneError, which stands for a byte that is not UTF-8 (a lone 0x9B
// is CSI to an 8-bit terminal).
func Unsafe(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, 0x80 <= r && r <= 0x9f:
		return true
	case Bidi(r):
		return true
	}
	return r == utf8.RuneError
}

// Bidi reports whether a rune is a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069): one in a name reorders whatever
// is shown after it, a right-to-left override (U+202E) making "exe.doc"
// of "cod.exe". The marks (U+200E, U+200F, U+061C) change nothing beyond
// themselves and are not among them.
func Bidi(r rune) bool {
	return 0x202a <= r && r <= 0x202e || 0x2066 <= r && r <= 0x2069
}

// Text is s with every unsafe rune made harmless, keeping line breaks: CR LF
// becomes LF; a tab, a lone CR, VT and FF become a space; another C0
// control or DEL becomes its visible picture (ESC is shown as ␛, so an
// escape sequence prints as inert text); a C1 control, a bidirectional
// control or a byte that is not UTF-8 becomes U+FFFD.
func Text(s string) string {
	if !needsWork(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\n':
			b.WriteByte('\n')
		case r == '\r' && i < len(s) && s[i] == '\n':
			// CR LF: the LF follows
		case r == '\t' || r == '\r' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case r < 0x20:
			b.WriteRune(0x2400 + r) // ␀ … ␟, the Control Pictures
		case r == 0x7f:
			b.WriteRune('\u2421') // ␡
		case Unsafe(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is Text on one line: line breaks become spaces too.
func Line(s string) string {
	return strings.ReplaceAll(Text(s), "\n", " ")
}

// needsWork reports whether s holds anything Text changes.
func needsWork(s string) bool {
	for _, r := range s {
		if r != '\n' && Unsafe(r) {
			return true
		}
	}
	return false
}

// JSON makes encoded JSON as safe as text while it still says exactly the
// same: encoding/json escapes the C0 controls but not DEL, the C1 controls
// or the bidirectional controls, so those are written as \u escapes too.
// b is returned as it is when it holds none of them.
func JSON(b []byte) []byte {
	i := 0
	for i < len(b) { // most JSON holds no such character: find the first, without copying
		if c := b[i]; c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if Unsafe(r) {
			break
		}
		i += n
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for b = b[i:]; len(b) > 0; {
		r, n := utf8.DecodeRune(b)
		if r >= 0x7f && Unsafe(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

// AppendJSONString appends s as a JSON string, written as encoding/json
// writes it (without HTML escaping) and then made safe by JSON: the same
// bytes, in one pass, for writers that encode JSON by hand.
func AppendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' && b != 0x7f {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if Unsafe(r) || r == '\u2028' || r == '\u2029' { // invalid UTF-8 is U+FFFD, which Unsafe names
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', hex[r>>12&0xF], hex[r>>8&0xF], hex[r>>4&0xF], hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
