package termsafe

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"plain", "Project X: ship it ✓", "Project X: ship it ✓"},
		{"retitle and clear", "\x1b]0;pwned\x07\x1b[2J\x1b[HTopic", "␛]0;pwned␇␛[2J␛[HTopic"},
		{"OSC 52 clipboard", "\x1b]52;c;ZWNobyBoaQ==\x1b\\", "␛]52;c;ZWNobyBoaQ==␛\\"},
		{"C1 CSI and OSC", "a\u009b2Jb\u009d0;x\u009c", "a\ufffd2Jb\ufffd0;x\ufffd"},
		{"8-bit CSI byte", "a\x9b2Jb", "a\ufffd2Jb"},
		{"bidi overrides", "abc\u202egnp.exe\u202c \u2066x\u2069 \u202a\u202b\u202d\u2067\u2068", "abc\ufffdgnp.exe\ufffd \ufffdx\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd"},
		{"line breaks kept", "one\r\ntwo\nthree", "one\ntwo\nthree"},
		{"carriage return, tab", "safe\rEVIL\tx\v\f", "safe EVIL x  "},
		{"other C0 and DEL", "\x00\x07\x08\x7f", "␀␇␈␡"},
	} {
		if got := Text(c.in); got != c.want {
			t.Errorf("%s: Text(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
		for _, r := range Text(c.in) {
			if r != '\n' && Unsafe(r) && r != '\ufffd' {
				t.Errorf("%s: %q left in", c.name, r)
			}
		}
	}
	if got := Line("a\nb\r\nc"); got != "a b c" {
		t.Errorf("Line = %q", got)
	}
	if strings.ContainsAny(Line("\x1b[31mred\x1b[0m\n"), "\x1b\n") {
		t.Error("Line left an escape or a line break")
	}
}

func TestJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a":"plain ✓"}`, `{"a":"plain ✓"}`},
		{"{\"a\":\"x\x7fy\u009bz\u202e!\"}", `{"a":"x\u007fy\u009bz\u202e!"}`},
		{"\"bad \x9b byte\"", `"bad \ufffd byte"`},
	} {
		if got := string(JSON([]byte(c.in))); got != c.want {
			t.Errorf("JSON(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// FuzzAppendJSONString: the hand-written encoder writes exactly what
// encoding/json and JSON write.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" and \\", "\x00\x07\b\f\n\r\t\x1b[2J\x7f", "\u0085\u009b\u202e\u2066\u2028\u2029",
		"bad \xff\xfe byte", "\ufffd kept", "Grüße 🍺 家族", "\xe2\x80", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := JSON(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		if got := AppendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("AppendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}
