package store_test

import (
	"testing"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/store"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"plain", "hello there", "hello there"},
		{"multi-line", "hi\r\nthere", "hi\nthere"},
		{"entities", "I&apos;m &lt;here&gt; &amp; &quot;fine&quot; &#228;&#xE4;", `I'm <here> & "fine" ää`},
		{"unknown entity is text", "fish &chips; & more", "fish &chips; & more"},
		{"emoticon", `hi <ss type="smile">:)</ss>`, "hi :)"},
		{"link", `see <a href="https://example.com/x">https://example.com/x</a>`, "see https://example.com/x"},
		{"formatting", `<b raw_pre="*" raw_post="*">bold</b> and <i raw_pre="_" raw_post="_">it</i>`, "bold and it"},
		{"mention", `<at id="8:bob">Bob</at> look`, "Bob look"},
		{"edit marker", `Edited previous message: fixed<e_m ts="1375219700" a="bob" t="61"/>`, "fixed"},
		{"quote", `<quote author="bob" authorname="Bob" timestamp="1375219588"><legacyquote>[21:26:28] Bob: </legacyquote>old words<legacyquote>

&lt;&lt;&lt; </legacyquote></quote>my reply`, "old words my reply"},
		{"call summary", `<partlist type="ended" alt=""><part identity="bob"><name>Bob</name><duration>84.82</duration></part></partlist>`, "Bob 84.82"},
		{"stray angle bracket", "a < b > c", "a < b > c"},
		{"collapsed spaces", "a   b \t c  \n  d", "a b c\nd"},
		{"invalid utf-8", "bad \xff byte", "bad \uFFFD byte"},
		{"control characters", "bell\x07 and\x00 nul\uFFFE", "bell and nul"},
		{"deleted", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := store.PlainText(tt.body); got != tt.want {
				t.Errorf("PlainText(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"hi", "<b>x</b>", "&#99999999;", "<", "&", "<a href='x'", "\xff<e_m/>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		got := store.PlainText(body)
		if !utf8.ValidString(got) {
			t.Errorf("PlainText(%q) = %q is not valid UTF-8", body, got)
		}
		if store.PlainText(body) != got {
			t.Errorf("PlainText(%q) is not deterministic", body)
		}
	})
}
