package markup_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store/markup"
)

// TestText checks the plain text of said messages, above all where the
// store's old reader and the page disagreed: entities, numeric references,
// quotes and markup that is not Skype's.
func TestText(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"plain", "hello there", "hello there"},
		{"multi-line", "hi\r\nthere", "hi\nthere"},
		{"blank lines kept", "a\n\n\nb", "a\n\n\nb"},
		{"spaces collapse", "a   b \t c  \n  d", "a b c\nd"},
		{"trimmed", " \n hello \n ", "hello"},
		{"xml entities", "I&apos;m &lt;here&gt; &amp; &quot;fine&quot;", `I'm <here> & "fine"`},
		{"html named entity", "caf&eacute; cr&egrave;me", "café crème"},
		{"nbsp", "a&nbsp;b", "a\u00a0b"},
		{"numeric", "&#228;&#xE4;&#X41;&#x1F600;", "ääA😀"},
		{"numeric NUL", "a&#0;b", "a\uFFFDb"},
		{"numeric out of range", "a&#x110000;b", "a\uFFFDb"},
		{"numeric surrogate", "a&#xD800;b", "a\uFFFDb"},
		{"numeric control", "a&#1;&#x1F;&#xFFFE;b", "ab"},
		{"numeric too long", "&#000000065;", "&#000000065;"},
		{"numeric newline", "a&#10;b", "a\nb"},
		{"unknown entity is text", "fish &chips; & more", "fish &chips; & more"},
		{"no semicolon", "AT&T &amp &copy2020", "AT&T &amp &copy2020"},
		{"double encoded", "&amp;eacute;", "&eacute;"},
		{"emoticon", `hi <ss type="smile">:)</ss>`, "hi :)"},
		{"link", `see <a href="https://example.com/x">the page</a>`, "see the page"},
		{"link without text", `<a href="https://example.com/x"></a>`, "https://example.com/x"},
		{"formatting", `<b raw_pre="*" raw_post="*">bold</b> and <i raw_pre="_" raw_post="_">it</i>`, "bold and it"},
		{"mention", `<at id="8:bob">Bob</at> look`, "@Bob look"},
		{"edit marker", `Edited previous message: fixed<e_m ts="1375219700" a="bob" t="61"/>`, "fixed"},
		{"quote", `<quote author="bob" authorname="Bob" timestamp="1375219588"><legacyquote>[21:26:28] Bob: </legacyquote>old words<legacyquote>

&lt;&lt;&lt; </legacyquote></quote>my reply`, "Bob, 2013-07-30 21:26 UTC\nold words\nmy reply"},
		{"pre keeps spaces", "code:\n<pre>a  &lt; b\n  c</pre>after", "code:\na  < b\n  c\nafter"},
		{"call summary", `<partlist type="ended" alt=""><part identity="bob"><name>Bob</name><duration>84.82</duration></part></partlist>`, "Call ended, 1 min 25 s"},
		{"two pictures, two lines", `<URIObject type="Picture.1"><OriginalName v="a.png"/></URIObject><URIObject type="Picture.1"><OriginalName v="b.png"/></URIObject>`, "Picture: a.png\nPicture: b.png"},
		{"typed markup shows", "<u>u</u> a < b > c", "<u>u</u> a < b > c"},
		{"script shows as typed", "<script>alert(1)</script>", "<script>alert(1)</script>"},
		{"invalid UTF-8", "bad \xff byte", "bad \uFFFD byte"},
		{"control characters", "bell\x07 and\x00 nul\uFFFE", "bell and nul"},
		{"deleted", "", ""},
		{"only an edit marker", `<e_m ts="1" a="bob"/>`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := markup.Text("SAID", c.body); got != c.want {
				t.Errorf("Text(%q) = %q, want %q", c.body, got, c.want)
			}
		})
	}
}

// textCorpus is the bodies the property tests render: generated chats
// (skypeapi/synth), the hostile corpus, and the examples of the other
// tests, each as said text and as the data of a few kinds of events.
func textCorpus(t testing.TB) []typedBody {
	t.Helper()
	var out []typedBody
	_, msgs := synth.Generate(synth.Config{Seed: 11, Chats: 12, Users: 30, Messages: 4000})
	for _, m := range msgs {
		out = append(out, typedBody{"SAID", m.Body})
	}
	for _, b := range append(append([]string{}, hostile...), eventBodies...) {
		for _, typ := range []string{"SAID", "EMOTED", "SETTOPIC", "CONTACTREQUEST", "SMS", "CALLENDED", "ADDEDMEMBERS", "TYPE77"} {
			out = append(out, typedBody{typ, b})
		}
	}
	for _, e := range eventExamples {
		out = append(out, typedBody{e.typ, e.body})
	}
	return out
}

type typedBody struct{ typ, body string }

// TestTextIsWhatThePageShows checks, for every body of the corpus, that the
// plain text the store indexes and hashes is the text a browser shows of
// the HTML the page renders.
func TestTextIsWhatThePageShows(t *testing.T) {
	corpus := textCorpus(t)
	for _, c := range corpus {
		html := string(markup.HTML(c.typ, c.body, nil))
		if got, want := markup.Text(c.typ, c.body), visibleText(t, html); got != want {
			t.Errorf("%s %q:\n Text  %q\n shows %q\n (HTML %s)", c.typ, c.body, got, want, html)
		}
	}
	t.Logf("%d bodies", len(corpus))
}

func FuzzText(f *testing.F) {
	for _, s := range hostile {
		f.Add("SAID", s)
	}
	for _, e := range eventExamples {
		f.Add(e.typ, e.body)
	}
	f.Fuzz(func(t *testing.T, typ, body string) {
		text := markup.Text(typ, body)
		if !utf8.ValidString(text) {
			t.Fatalf("Text(%q, %q) = %q is not valid UTF-8", typ, body, text)
		}
		if markup.Text(typ, body) != text {
			t.Fatalf("Text(%q, %q) is not deterministic", typ, body)
		}
		if shows := visibleText(t, string(markup.HTML(typ, body, nil))); shows != text {
			t.Fatalf("Text(%q, %q) = %q, the page shows %q", typ, body, text, shows)
		}
	})
}

// BenchmarkText derives the plain text of generated messages, as an import
// does for each message it reads.
func BenchmarkText(b *testing.B) {
	_, msgs := synth.Generate(synth.Config{Seed: 3, Messages: 20000, Start: time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)})
	var size int64
	for _, m := range msgs {
		size += int64(len(m.Body))
	}
	b.SetBytes(size / int64(len(msgs)))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		markup.Text("SAID", msgs[i%len(msgs)].Body)
	}
}

// BenchmarkTextPlain is the common case: a body without markup.
func BenchmarkTextPlain(b *testing.B) {
	body := strings.Repeat("plain words and more words, ", 3) + "ok?"
	for b.Loop() {
		markup.Text("SAID", body)
	}
}
