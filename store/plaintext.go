package store

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// PlainText reduces a Skype message body to the text a person reads: tags
// removed (their text kept), entities decoded, edit markers and legacy quote
// headers dropped, runs of spaces collapsed. Two sources that show the same
// message with different markup give the same plain text, which is what
// message identity compares. The result is valid UTF-8.
func PlainText(body string) string {
	body = strings.TrimPrefix(body, "Edited previous message: ")
	if !strings.ContainsFunc(body, needsWork) && !strings.Contains(body, "  ") {
		return strings.TrimSpace(strings.ToValidUTF8(body, "\uFFFD"))
	}
	var b strings.Builder
	b.Grow(len(body))
	skip := 0 // depth inside elements whose text is not shown
	for i := 0; i < len(body); {
		switch c := body[i]; c {
		case '<':
			end := strings.IndexByte(body[i:], '>')
			if end < 0 { // not a tag: a stray '<' is text
				writeText(&b, "<", skip)
				i++
				continue
			}
			name, closing, selfClosing := tagName(body[i+1 : i+end])
			if !knownElements[name] { // not Skype markup: show it as typed
				writeText(&b, "<", skip)
				i++
				continue
			}
			i += end + 1
			if hiddenElements[name] && !selfClosing {
				if closing {
					skip = max(skip-1, 0)
				} else {
					skip++
				}
			}
			if !inlineElements[name] {
				writeText(&b, " ", skip)
			}
		case '&':
			text, n := decodeEntity(body[i:])
			writeText(&b, text, skip)
			i += n
		case '\r':
			i++
		default:
			j := i + 1
			for j < len(body) && body[j] != '<' && body[j] != '&' && body[j] != '\r' {
				j++
			}
			writeText(&b, body[i:j], skip)
			i = j
		}
	}
	return collapseSpaces(strings.ToValidUTF8(b.String(), "\uFFFD"))
}

// needsWork reports a character PlainText must do something about.
func needsWork(r rune) bool {
	return r == '<' || r == '&' || r < 0x20 && r != '\n' || r == 0xFFFE || r == 0xFFFF
}

// inlineElements sit inside a line of text; any other tag separates words.
var inlineElements = map[string]bool{
	"b": true, "i": true, "s": true, "u": true, "a": true, "at": true, "ss": true,
	"span": true, "font": true, "e_m": true, "legacyquote": true, "c_i": true, "": true,
}

// knownElements are the elements Skype writes in bodies (export-formats
// spec 1.7); any other tag-like text is text someone typed.
var knownElements = func() map[string]bool {
	m := map[string]bool{}
	for _, name := range strings.Fields(`a addmember at b c c_i contacts deletemember description duration
		e_m eventtime filesize font historydisclosedupdate i identifiers initiator joiningenabledupdate
		legacyquote location meta name originalname part partlist pictureupdate pre quote recordingcontent
		recordingstatus s sms span ss swift target title topicupdate u uriobject value`) {
		m[name] = true
	}
	return m
}()

// hiddenElements carry no readable text of the message itself.
var hiddenElements = map[string]bool{"legacyquote": true, "e_m": true}

func writeText(b *strings.Builder, s string, skip int) {
	if skip == 0 {
		b.WriteString(s)
	}
}

// tagName reads the element name of a tag's inside ("a href=…", "/b", "e_m …/").
func tagName(tag string) (name string, closing, selfClosing bool) {
	closing = strings.HasPrefix(tag, "/")
	selfClosing = strings.HasSuffix(tag, "/")
	tag = strings.TrimPrefix(tag, "/")
	end := strings.IndexAny(tag, " \t\n/")
	if end >= 0 {
		tag = tag[:end]
	}
	return strings.ToLower(tag), closing, selfClosing
}

var namedEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "quot": `"`, "apos": "'", "nbsp": "\u00a0"}

// decodeEntity decodes the entity at the start of s, returning its text and
// how many bytes it took. Anything that is not a known entity is a literal '&'.
func decodeEntity(s string) (string, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return "&", 1
	}
	name := s[1:end]
	if text, ok := namedEntities[name]; ok {
		return text, end + 1
	}
	if name[0] == '#' {
		var n uint64
		var err error
		if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
			n, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			n, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err == nil && utf8.ValidRune(rune(n)) {
			return string(rune(n)), end + 1
		}
	}
	return "&", 1
}

// collapseSpaces turns runs of spaces and tabs into one space, drops spaces
// at line ends and control characters, and trims the whole.
func collapseSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t':
			space = true
			continue
		case '\n':
			space = false
		case 0xFFFE, 0xFFFF:
			continue
		default:
			if r < 0x20 {
				continue
			}
			if space && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
				b.WriteByte(' ')
			}
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
