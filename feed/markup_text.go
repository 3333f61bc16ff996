package feed

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the text helpers of the markup renderer: cleaning bodies
// for XML 1.0, decoding character references, escaping, and link checks.

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

const spaces = " \t\r\n"

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

// linkTarget returns the URL to link to for an href (entities already
// decoded), and false unless its scheme is one of schemes. TAB, LF and CR
// are removed anywhere (browsers ignore them inside URLs, which would turn
// "java\tscript:" into a script), and spaces and control characters are
// trimmed from both ends.
func linkTarget(href string, schemes ...string) (string, bool) {
	if strings.ContainsAny(href, "\t\r\n") {
		href = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, href)
	}
	href = strings.TrimFunc(href, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	colon := strings.IndexByte(href, ':')
	if colon < 0 {
		return "", false
	}
	for _, s := range schemes {
		if strings.EqualFold(href[:colon], s) {
			return href, true
		}
	}
	return "", false
}

// webSchemes are the schemes a link may have; files and bare URLs use only
// the first two.
var webSchemes = []string{"http", "https", "mailto"}

// nextURL finds the first bare http or https URL in s and returns its
// bounds, or -1, -1. A URL starts at a word boundary and runs to white
// space or one of <>"; trailing punctuation and an unbalanced ")" are left
// out of it.
func nextURL(s string) (start, end int) {
	from := 0
	for {
		k := strings.Index(s[from:], "://")
		if k < 0 {
			return -1, -1
		}
		k += from
		from = k + 3
		switch {
		case k >= 5 && strings.EqualFold(s[k-5:k], "https"):
			start = k - 5
		case k >= 4 && strings.EqualFold(s[k-4:k], "http"):
			start = k - 4
		default:
			continue
		}
		if start > 0 && (isLetter(s[start-1]) || isDigit(s[start-1])) {
			continue
		}
		end = k + 3
		for end < len(s) && !isSpace(s[end]) && !strings.ContainsRune(`<>"`, rune(s[end])) {
			r, n := utf8.DecodeRuneInString(s[end:])
			if unicode.IsSpace(r) {
				break
			}
			end += n
		}
		end = trimURL(s, start, end)
		if end > k+3 {
			return start, end
		}
	}
}

// trimURL drops trailing punctuation from the URL s[start:end], and a
// closing parenthesis or bracket that has no opening one inside the URL.
func trimURL(s string, start, end int) int {
	u := s[start:end]
	parens := strings.Count(u, ")") - strings.Count(u, "(")
	brackets := strings.Count(u, "]") - strings.Count(u, "[")
	for end > start {
		switch s[end-1] {
		case '.', ',', ':', ';', '!', '?', '\'', '*', '_':
		case ')':
			if parens <= 0 {
				return end
			}
			parens--
		case ']':
			if brackets <= 0 {
				return end
			}
			brackets--
		default:
			return end
		}
		end--
	}
	return end
}
