package synth

import (
	"math"
	"strconv"
	"strings"
)

// Body shape constants.
const (
	stockChance   = 0.14  // whole body is a short stock reply
	quoteChance   = 0.02  // reply quotes the chat's previous message
	mentionChance = 0.04  // group message starts with a mention
	linkChance    = 0.04  // message carries a link
	emoChance     = 0.08  // message carries an emoticon
	boldChance    = 0.015 // one word is bold
	italicChance  = 0.01  // one word is italic
	wordsMedian   = 6.0   // words per (non-stock) message, median
	wordsSigma    = 0.9   // log-normal spread of that count
	wordsMax      = 60
)

// body builds a message body by user a for chat cs. It returns the body
// and its quotable plain-text part (a substring of the body, possibly "").
// With stock set the body is a short stock reply.
func (g *Generator) body(cs *chatState, a int, stock bool) (string, string) {
	r := g.r
	if stock || r.Float64() < stockChance {
		s := stockReplies[r.Intn(len(stockReplies))]
		if strings.IndexByte(s, '<') >= 0 {
			return s, ""
		}
		return s, s
	}
	b := g.buf[:0]
	if cs.hasLast && cs.lastText != "" && cs.lastAuthor != a && r.Float64() < quoteChance {
		b = g.appendQuote(b, cs)
	}
	if cs.group && r.Float64() < mentionChance {
		b = g.appendMention(b, cs, a)
		b = append(b, ' ')
	}
	textStart := len(b)
	plainEnd := -1

	n := int(math.Exp(r.NormFloat64()*wordsSigma) * wordsMedian)
	n = min(max(n, 1), wordsMax)
	link, emo, bold, italic := false, false, -1, -1
	switch x := r.Float64(); {
	case x < linkChance:
		link = true
		if r.Intn(3) == 0 {
			n = 0 // just the link
		}
	case x < linkChance+emoChance:
		emo = true
		if r.Intn(5) == 0 {
			n = 0 // just the emoticon
		}
	case x < linkChance+emoChance+boldChance:
		bold = r.Intn(n)
	case x < linkChance+emoChance+boldChance+italicChance:
		italic = r.Intn(n)
	}

	upper := r.Intn(3) == 0
	for i := range n {
		if i > 0 {
			p := r.Float64()
			switch {
			case p < 0.05:
				b = append(b, ", "...)
			case p < 0.105:
				b = append(b, '.', ' ')
				if p < 0.065 {
					b[len(b)-1] = '\n'
				}
				upper = p < 0.08
			case p < 0.115:
				b = append(b, "? "...)
				upper = true
			case p < 0.12:
				b = append(b, "! "...)
			default:
				b = append(b, ' ')
			}
		}
		w := g.voc.esc[g.voc.freq.draw(r.Uint64())]
		switch i {
		case bold:
			if plainEnd < 0 {
				plainEnd = len(b)
			}
			b = append(b, `<b raw_pre="*" raw_post="*">`...)
			b = appendWord(b, w, upper)
			b = append(b, "</b>"...)
		case italic:
			if plainEnd < 0 {
				plainEnd = len(b)
			}
			b = append(b, `<i raw_pre="_" raw_post="_">`...)
			b = appendWord(b, w, upper)
			b = append(b, "</i>"...)
		default:
			b = appendWord(b, w, upper)
		}
		upper = false
	}
	if n > 0 {
		switch p := r.Intn(100); {
		case p < 30:
			b = append(b, '.')
		case p < 40:
			b = append(b, '?')
		case p < 45:
			b = append(b, '!')
		case p < 48:
			b = append(b, "..."...)
		}
	}
	if plainEnd < 0 {
		plainEnd = len(b)
	}
	if emo {
		if n > 0 {
			b = append(b, ' ')
		}
		e := emoticons[r.Intn(len(emoticons))]
		b = append(b, `<ss type="`...)
		b = append(b, e[0]...)
		b = append(b, `">`...)
		b = append(b, e[1]...)
		b = append(b, "</ss>"...)
	}
	if link {
		if n > 0 {
			b = append(b, ' ')
		}
		g.scratch = g.appendURL(g.scratch[:0])
		b = append(b, `<a href="`...)
		b = append(b, g.scratch...)
		b = append(b, `">`...)
		b = append(b, g.scratch...)
		b = append(b, "</a>"...)
	}
	g.buf = b
	s := string(b)
	for plainEnd > textStart && (s[plainEnd-1] == ' ' || s[plainEnd-1] == '\n') {
		plainEnd--
	}
	return s, s[textStart:plainEnd]
}

// appendWord appends an escaped word, capitalizing an initial ASCII letter
// if upper is set.
func appendWord(b []byte, w string, upper bool) []byte {
	if upper && w[0] >= 'a' && w[0] <= 'z' {
		return append(append(b, w[0]-'a'+'A'), w[1:]...)
	}
	return append(b, w...)
}

// appendQuote appends a Skype quote of the chat's previous message.
func (g *Generator) appendQuote(b []byte, cs *chatState) []byte {
	u := &g.users[cs.lastAuthor]
	t := cs.last.Time
	b = append(b, `<quote author="`...)
	b = append(b, u.handle...)
	b = append(b, `" authorname="`...)
	b = append(b, u.nameEsc...)
	b = append(b, `" timestamp="`...)
	b = strconv.AppendInt(b, t.Unix(), 10)
	b = append(b, `"><legacyquote>[`...)
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append2(b, d)
	b = append(b, '.')
	b = append2(b, int(mo))
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, ' ')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	b = append2(b, s)
	b = append(b, "] "...)
	b = append(b, u.nameEsc...)
	b = append(b, ": </legacyquote>"...)
	b = append(b, cs.lastText...)
	return append(b, "<legacyquote>\n\n&lt;&lt;&lt; </legacyquote></quote>"...)
}

func append2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10))
}

// appendMention appends an @-mention of another member of cs.
func (g *Generator) appendMention(b []byte, cs *chatState, a int) []byte {
	i := g.r.Intn(len(cs.members))
	if cs.members[i] == a {
		i = (i + 1) % len(cs.members)
	}
	u := &g.users[cs.members[i]]
	b = append(b, `<at id="8:`...)
	b = append(b, u.handle...)
	b = append(b, `">`...)
	b = append(b, u.nameEsc...)
	return append(b, "</at>"...)
}

const urlChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// appendURL appends a plausible URL, already escaped for markup.
func (g *Generator) appendURL(b []byte) []byte {
	r := g.r
	ps := g.voc.pseudo
	pw := func() string { return ps[r.Intn(len(ps))] }
	switch x := r.Intn(100); {
	case x < 40:
		b = append(b, "https://example.com/"...)
		b = append(b, pw()...)
		if r.Intn(2) == 0 {
			b = append(b, '/')
			b = append(b, pw()...)
		}
	case x < 60:
		b = append(b, "https://www.youtube.com/watch?v="...)
		for range 11 {
			b = append(b, urlChars[r.Intn(len(urlChars))])
		}
	case x < 75:
		b = append(b, "https://github.com/"...)
		b = append(b, pw()...)
		b = append(b, '/')
		b = append(b, pw()...)
	case x < 90:
		b = append(b, "https://en.wikipedia.org/wiki/"...)
		b = appendWord(b, pw(), true)
	default:
		b = append(b, "http://example.org/search?q="...)
		b = append(b, pw()...)
		b = append(b, "&amp;page="...)
		b = strconv.AppendInt(b, int64(2+r.Intn(9)), 10)
	}
	return b
}
