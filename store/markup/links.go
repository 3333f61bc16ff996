package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file decides what may be linked: the schemes of links, and bare
// URLs in text.

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
