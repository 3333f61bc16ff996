package multisource

import (
	"math/rand"
	"strings"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
)

// texter writes message text and the Skype markup of it. The text is what a
// person reads; the markup only uses forms whose reading is plain (spec 1.7):
// entities, a bold or italic word, a link showing its address, an emoticon
// showing its shortcut. Text has single spaces and no space at a line's ends,
// as a reader of the markup shows it.
type texter struct {
	r     *rand.Rand
	words []string
	zipf  *rand.Zipf
}

func newTexter(r *rand.Rand) *texter {
	words := synth.Words()
	return &texter{r: r, words: words, zipf: rand.NewZipf(r, 1.07, 2.7, uint64(len(words)-1))}
}

// stock are short whole-message replies, the usual double sends.
var stock = []string{"ok", "ok", "yes", "lol", "thanks!", "+1", "haha", "no", "sure", "I'll check", "<3", "да", "はい", "👍", "ok :)"}

// emoticons are Skype emoticon types with the shortcut a person reads.
var emoticons = [][2]string{{"smile", ":)"}, {"laugh", ":D"}, {"wink", ";)"}, {"heart", "(heart)"}, {"yes", "(y)"}}

// message returns a new message's text and markup.
func (t *texter) message() (text, body string) {
	if t.r.Intn(8) == 0 {
		s := stock[t.r.Intn(len(stock))]
		return s, t.markup(s)
	}
	return t.sentence(1 + t.r.Intn(14))
}

// sentence returns n words of text with their markup.
func (t *texter) sentence(n int) (text, body string) {
	var tb, bb strings.Builder
	deco := -1 // the word that is bold or italic
	if t.r.Intn(12) == 0 {
		deco = t.r.Intn(n)
	}
	for i := range n {
		if i > 0 {
			sep := " "
			switch x := t.r.Intn(40); {
			case x == 0:
				sep = "\n"
			case x < 3:
				sep = ", "
			}
			tb.WriteString(sep)
			bb.WriteString(synth.Escape(sep))
		}
		w := t.words[t.zipf.Uint64()]
		w = strings.Join(strings.Fields(w), "-") // one word, no spaces
		tb.WriteString(w)
		if i == deco {
			tag := [2]string{`<b raw_pre="*" raw_post="*">`, "</b>"}
			if t.r.Intn(2) == 0 {
				tag = [2]string{`<i raw_pre="_" raw_post="_">`, "</i>"}
			}
			bb.WriteString(tag[0] + synth.Escape(w) + tag[1])
		} else {
			bb.WriteString(synth.Escape(w))
		}
	}
	switch x := t.r.Intn(30); {
	case x == 0:
		url := "https://example.org/" + t.words[t.r.Intn(200)+100]
		url = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '/' || r == ':' || r == '.' {
				return r
			}
			return 'x'
		}, url)
		tb.WriteString(" " + url)
		bb.WriteString(` <a href="` + url + `">` + url + `</a>`)
	case x < 3:
		e := emoticons[t.r.Intn(len(emoticons))]
		tb.WriteString(" " + e[1])
		bb.WriteString(` <ss type="` + e[0] + `">` + synth.Escape(e[1]) + `</ss>`)
	}
	return tb.String(), bb.String()
}

// markup is the body of plain text s.
func (t *texter) markup(s string) string {
	return synth.Escape(s)
}

// edit returns a changed text for a message (whose last version is not a
// deletion), differing from every earlier one.
func (t *texter) edit(earlier []Version) (text, body string) {
	last := earlier[len(earlier)-1].Text
	for try := 0; ; try++ {
		var add, addBody string
		if try < 5 && t.r.Intn(3) > 0 {
			w := t.words[t.zipf.Uint64()]
			w = strings.Join(strings.Fields(w), "-")
			add, addBody = " "+w, " "+synth.Escape(w)
			text, body = last+add, earlier[len(earlier)-1].Body+addBody
		} else {
			text, body = t.sentence(1 + t.r.Intn(8))
		}
		if !seen(earlier, text) {
			return text, body
		}
	}
}

func seen(vs []Version, text string) bool {
	for _, v := range vs {
		if !v.Deleted && v.Text == text {
			return true
		}
	}
	return false
}
