package markup

import "strings"

// This file splits a body into text and tags.

type tokenKind int

const (
	textToken tokenKind = iota
	startToken
	endToken
	selfClosingToken
)

type token struct {
	kind  tokenKind
	name  string // element name, lower case
	attrs attrs
	raw   string // the token as it is in the body
}

// attr returns the value of the named attribute, or "".
func (t token) attr(name string) string { return t.attrs.get(name) }

// attrs is the attributes of a tag as they are in the body, read when
// asked for: most are never needed.
type attrs string

// get returns the value of the named attribute (lower case), entities
// decoded, or "".
func (a attrs) get(name string) string {
	s := string(a)
	for {
		s = trimSpaceLeft(s)
		n := nameLen(s)
		if n == 0 {
			return ""
		}
		key := s[:n]
		s = trimSpaceLeft(s[n:])
		if s == "" || s[0] != '=' {
			return ""
		}
		s = trimSpaceLeft(s[1:])
		if s == "" {
			return ""
		}
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return ""
		}
		if strings.EqualFold(key, name) {
			return decodeEntities(s[1 : 1+end])
		}
		s = s[end+2:]
	}
}

// tokenizer splits a body into text and tags. A tag is XML-like: a name,
// then attributes that each have a quoted value; anything else starting
// with "<" is text. A tag cannot contain "<" (XML forbids it in attribute
// values too), so a failed attempt never reads past the next "<", and the
// whole body is read in linear time.
type tokenizer struct {
	s       string
	pos     int
	held    token // a tag found after text, returned on the next call
	holding bool
}

func (t *tokenizer) next() (token, bool) {
	if t.holding {
		t.holding = false
		return t.held, true
	}
	if t.pos >= len(t.s) {
		return token{}, false
	}
	start := t.pos
	for i := start; ; i++ {
		j := strings.IndexByte(t.s[i:], '<')
		if j < 0 {
			t.pos = len(t.s)
			return token{kind: textToken, raw: t.s[start:]}, true
		}
		i += j
		if tok, end, ok := parseTag(t.s, i); ok {
			t.pos = end
			if i == start {
				return tok, true
			}
			t.held, t.holding = tok, true
			return token{kind: textToken, raw: t.s[start:i]}, true
		}
	}
}

// parseTag parses the tag starting with the "<" at s[i].
func parseTag(s string, i int) (tok token, end int, ok bool) {
	j := i + 1
	tok.kind = startToken
	if j < len(s) && s[j] == '/' {
		tok.kind = endToken
		j++
	}
	n := nameLen(s[j:])
	if n == 0 {
		return tok, 0, false
	}
	tok.name = strings.ToLower(s[j : j+n])
	j += n
	from := j // the attributes
	for {
		k := j
		for k < len(s) && isSpace(s[k]) {
			k++
		}
		if k >= len(s) {
			return tok, 0, false
		}
		switch {
		case s[k] == '>':
			tok.raw, tok.attrs = s[i:k+1], attrs(s[from:k])
			return tok, k + 1, true
		case s[k] == '/' && tok.kind == startToken && k+1 < len(s) && s[k+1] == '>':
			tok.kind = selfClosingToken
			tok.raw, tok.attrs = s[i:k+2], attrs(s[from:k])
			return tok, k + 2, true
		case tok.kind == endToken || k == j:
			return tok, 0, false // end tags have no attributes; attributes follow space
		}
		j = k
		n := nameLen(s[j:])
		if n == 0 {
			return tok, 0, false
		}
		j += n
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '=' {
			return tok, 0, false
		}
		j++
		for j < len(s) && isSpace(s[j]) {
			j++
		}
		if j >= len(s) || s[j] != '"' && s[j] != '\'' {
			return tok, 0, false
		}
		q := s[j]
		j++
		for j < len(s) && s[j] != q && s[j] != '<' {
			j++
		}
		if j >= len(s) || s[j] == '<' {
			return tok, 0, false
		}
		j++
	}
}

// nameLen returns the length of the XML-like name at the start of s: an
// ASCII letter or "_", then letters, digits, "_", "-", "." or ":".
func nameLen(s string) int {
	if s == "" || !isLetter(s[0]) && s[0] != '_' {
		return 0
	}
	n := 1
	for n < len(s) {
		c := s[n]
		if !isLetter(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != ':' {
			break
		}
		n++
	}
	return n
}
