package markup

import (
	"html"
	"strings"
	"unicode/utf8"
)

// This file holds the character rules: cleaning bodies for XML 1.0,
// decoding character references, and escaping.

// xmlChar reports whether XML 1.0 allows r in a document (the Char
// production, section 2.2).
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	default:
		return r >= 0x10000 && r <= utf8.MaxRune
	}
}

// cleanText returns s as valid UTF-8 (each bad byte becomes U+FFFD) without
// the characters XML 1.0 forbids (C0 controls other than TAB, LF and CR,
// U+FFFE and U+FFFF), so that a feed holding it stays well-formed.
func cleanText(s string) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !xmlChar(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case xmlChar(r):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// maxEntity bounds the length of a character reference, "&" and ";"
// included; the longest HTML entity name has 31 letters.
const maxEntity = 40

// decodeEntities replaces the character references in s (&lt;, &apos;,
// &#NN;, &#xHH; and the other HTML named references) with the characters
// they stand for. An "&" that does not start a complete reference is kept.
func decodeEntities(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i:]
		if text, n := entity(s); n > 0 {
			b.WriteString(text)
			s = s[n:]
		} else {
			b.WriteByte('&')
			s = s[1:]
		}
		i = strings.IndexByte(s, '&')
	}
	b.WriteString(s)
	return b.String()
}

// entity decodes the character reference at the start of s, returning its
// text and length, or n == 0 when s does not start with one. Numeric
// references to characters XML forbids decode to U+FFFD (NUL, surrogates,
// out of range) or to nothing (control characters, U+FFFE, U+FFFF), the
// same as those characters met raw.
func entity(s string) (text string, n int) {
	end := strings.IndexByte(s[:min(len(s), maxEntity)], ';')
	if end < 2 {
		return "", 0
	}
	ref := s[1:end]
	if ref[0] != '#' {
		for i := 0; i < len(ref); i++ {
			if c := ref[i]; !isLetter(c) && (i == 0 || !isDigit(c)) {
				return "", 0
			}
		}
		switch ref {
		case "lt":
			return "<", end + 1
		case "gt":
			return ">", end + 1
		case "amp":
			return "&", end + 1
		case "quot":
			return `"`, end + 1
		case "apos":
			return "'", end + 1
		}
		if t := html.UnescapeString(s[:end+1]); t != s[:end+1] {
			return cleanText(t), end + 1
		}
		return "", 0
	}
	digits, base := ref[1:], rune(10)
	if digits != "" && (digits[0] == 'x' || digits[0] == 'X') {
		digits, base = digits[1:], 16
	}
	if digits == "" || len(digits) > 8 {
		return "", 0
	}
	var r rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d rune
		switch {
		case isDigit(c):
			d = rune(c - '0')
		case base == 16 && 'a' <= c|0x20 && c|0x20 <= 'f':
			d = rune(c|0x20-'a') + 10
		default:
			return "", 0
		}
		r = r*base + d
	}
	switch {
	case r == 0 || r > utf8.MaxRune || 0xD800 <= r && r <= 0xDFFF:
		return string(utf8.RuneError), end + 1
	case !xmlChar(r):
		return "", end + 1
	}
	return string(r), end + 1
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// isSpace reports whether c is XML white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// trimSpaceLeft returns s without its leading XML white space.
func trimSpaceLeft(s string) string {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return s[i:]
}

// trimSpaceRight returns s without its trailing XML white space.
func trimSpaceRight(s string) string {
	i := len(s)
	for i > 0 && isSpace(s[i-1]) {
		i--
	}
	return s[:i]
}

// indexLineBreak returns the index of the first CR or LF in s, or -1.
func indexLineBreak(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return i
		}
	}
	return -1
}

// writeEscaped writes s to b with &, < and > escaped, and " too when attr
// is set (for a double-quoted attribute value).
func writeEscaped(b *strings.Builder, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			if !attr {
				continue
			}
			esc = "&quot;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}
