package markup_test

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/store/markup"
)

type renderCase struct {
	name, body, want string
}

// render is HTML for said text, without kept files.
func render(body string) string { return string(markup.HTML("SAID", body, nil)) }

func runRender(t *testing.T, cases []renderCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := (render(c.body))
			if got != c.want {
				t.Errorf("HTML(%q)\n got %s\nwant %s", c.body, got, c.want)
			}
			if err := checkHTML(got); err != nil {
				t.Errorf("HTML(%q) = %s: %v", c.body, got, err)
			}
		})
	}
}

func TestRenderText(t *testing.T) {
	runRender(t, []renderCase{
		{"empty", "", ""},
		{"plain", "hello world", "hello world"},
		{"escaped", `a<b & c>d "q" 'a'`, `a&lt;b &amp; c&gt;d "q" 'a'`},
		{"LF", "one\ntwo", "one<br>two"},
		{"CRLF", "one\r\ntwo\r\n\r\nthree", "one<br>two<br><br>three"},
		{"CR", "one\rtwo", "one<br>two"},
		{"trimmed", " \n hello \r\n ", "hello"},
		{"inner spaces kept", "a  \tb", "a  \tb"},
		{"apos", "don&apos;t", "don't"},
		{"xml entities", "&lt;b&gt; &amp; &quot;", `&lt;b&gt; &amp; "`},
		{"double encoded", "&amp;lt;", "&amp;lt;"},
		{"numeric", "&#65;&#x42;&#X43;&#x1F600;", "ABC😀"},
		{"html named", "a&nbsp;b &eacute;", "a\u00a0b é"},
		{"bare ampersand", "AT&T & co &", "AT&amp;T &amp; co &amp;"},
		{"unknown entity", "&bogus; &x; &#; &#x; &#12a;", "&amp;bogus; &amp;x; &amp;#; &amp;#x; &amp;#12a;"},
		{"no semicolon", "&amp &copy2020", "&amp;amp &amp;copy2020"},
		{"entity too long", "&#000000065;", "&amp;#000000065;"},
		{"numeric NUL", "a&#0;b", "a\ufffdb"},
		{"numeric surrogate", "a&#xD800;b", "a\ufffdb"},
		{"numeric out of range", "a&#x110000;b", "a\ufffdb"},
		{"numeric control", "a&#1;&#x1F;&#xFFFE;b&#9;c", "ab\tc"},
		{"numeric newline", "a&#10;b", "a<br>b"},
		{"invalid UTF-8", "a\xffb\xc3(c", "a\ufffdb\ufffd(c"},
		{"control characters", "a\x00b\x01c\x1fd\x7fe\tf", "abcd\x7fe\tf"},
		{"noncharacters", "a\uFFFEb\uFFFFc\uFFFDd", "abc\uFFFDd"},
	})
}

func TestRenderEmoticons(t *testing.T) {
	runRender(t, []renderCase{
		{"smile", `hi <ss type="smile">:)</ss>`, "hi :)"},
		{"escaped", `<ss type="hi">(wave)</ss> <ss type="heart">&lt;3</ss>`, "(wave) &lt;3"},
		{"inline code", "look (1f440_eyes)", "look (1f440_eyes)"},
		{"empty", `a<ss type="x"/>b`, "ab"},
	})
}

func TestRenderLinks(t *testing.T) {
	const rel = `rel="nofollow noopener"`
	runRender(t, []renderCase{
		{"https", `<a href="https://example.com/x">site</a>`, `<a href="https://example.com/x" ` + rel + `>site</a>`},
		{"http mixed case", `<a href="HtTp://example.com">x</a>`, `<a href="HtTp://example.com" ` + rel + `>x</a>`},
		{"mailto", `<a href="mailto:a@example.com">mail</a>`, `<a href="mailto:a@example.com" ` + rel + `>mail</a>`},
		{"entities in href", `<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">q</a>`, `<a href="https://x.org/?a=1&amp;b=&quot;2&quot;" ` + rel + `>q</a>`},
		{"trimmed href", "<a href=\" \t https://x.org \n\">x</a>", `<a href="https://x.org" ` + rel + `>x</a>`},
		{"no text", `<a href="https://x.org"></a>`, `<a href="https://x.org" ` + rel + `>https://x.org</a>`},
		{"formatted text", `<a href="https://x.org"><b>x</b></a>`, `<a href="https://x.org" ` + rel + `><b>x</b></a>`},
		{"nested link", `<a href="https://a.org">a <a href="https://b.org">b</a> c</a>`, `<a href="https://a.org" ` + rel + `>a b c</a>`},
		{"javascript", `<a href="javascript:alert(1)">x</a>`, "x"},
		{"javascript mixed case", `<a href="JaVaScRiPt:alert(1)">x</a>`, "x"},
		{"javascript entities", `<a href="&#106;avascript&#x3A;alert(1)">x</a>`, "x"},
		{"javascript spaced", "<a href=\" \x01javascript:alert(1)\">x</a>", "x"},
		{"javascript tab inside", "<a href=\"java\tscript:alert(1)\">x</a>", "x"},
		{"javascript tab entity", `<a href="java&#9;script:alert(1)">x</a>`, "x"},
		{"data", `<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`, "x"},
		{"vbscript", `<a href="VBScript:msgbox(1)">x</a>`, "x"},
		{"relative", `<a href="/etc/passwd">x</a>`, "x"},
		{"protocol relative", `<a href="//evil.example">x</a>`, "x"},
		{"no href", `<a name="x">x</a>`, "x"},
		{"extra attributes dropped", `<a href="https://x.org" onclick="alert(1)" style="x">x</a>`, `<a href="https://x.org" ` + rel + `>x</a>`},
		{"bare url", "see https://example.com/a?b=1&c=2.", `see <a href="https://example.com/a?b=1&amp;c=2" ` + rel + `>https://example.com/a?b=1&amp;c=2</a>.`},
		{"bare url parens", "(http://x.org/wiki/A_(b)) and (http://y.org)", `(<a href="http://x.org/wiki/A_(b)" ` + rel + `>http://x.org/wiki/A_(b)</a>) and (<a href="http://y.org" ` + rel + `>http://y.org</a>)`},
		{"bare url in word", "xhttp://x.org ftp://x.org http://", "xhttp://x.org ftp://x.org http://"},
		{"bare url stops at markup", "http://x.org/&lt;script&gt;", `<a href="http://x.org/" ` + rel + `>http://x.org/</a>&lt;script&gt;`},
		{"bare url inside link", `<a href="https://a.org">https://b.org</a>`, `<a href="https://a.org" ` + rel + `>https://b.org</a>`},
	})
}

func TestRenderMentions(t *testing.T) {
	runRender(t, []renderCase{
		{"mention", `hi <at id="8:bob">Bob</at>!`, "hi <b>@Bob</b>!"},
		{"escaped name", `<at id="8:x">A &amp; &lt;B&gt;</at>`, "<b>@A &amp; &lt;B&gt;</b>"},
		{"markup inside", `<at id="8:x"><i>Bob</i> <script>x</script></at>`, "<b>@Bob x</b>"},
		{"empty uses id", `<at id="8:live:bob"></at>`, "<b>@live:bob</b>"},
		{"self-closing", `<at id="8:bob"/>`, "<b>@bob</b>"},
		{"unclosed", `<at id="8:bob">Bob rest`, "<b>@Bob rest</b>"},
	})
}

func TestRenderFormatting(t *testing.T) {
	runRender(t, []renderCase{
		{"bold italic strike", `<b raw_pre="*" raw_post="*">b</b> <i raw_pre="_" raw_post="_">i</i> <s raw_pre="~" raw_post="~">s</s>`, "<b>b</b> <i>i</i> <s>s</s>"},
		{"upper case", "<B>b</B>", "<b>b</b>"},
		{"nested", "<b>a <i>b</i></b>", "<b>a <i>b</i></b>"},
		{"pre", "code:\n<pre>a &lt; b\n  c\r\n</pre>\nafter", "code:<pre>a &lt; b\n  c</pre>after"},
		{"misnested", "<b>a <i>b</b> c</i>", "<b>a <i>b</i></b> c"},
		{"unclosed", "<b>a <i>b", "<b>a <i>b</i></b>"},
		{"stray closers", "a</b></i></pre></quote></a></ss>b", "ab"},
		{"empty elements", "a<b/><i></i>b", "a<i></i>b"},
		{"trailing space moves out", "<b>a </b>b", "<b>a</b> b"},
		{"unknown formatting", "<u>u</u> <em>e</em>", "&lt;u&gt;u&lt;/u&gt; &lt;em&gt;e&lt;/em&gt;"},
	})
}

func TestRenderQuotes(t *testing.T) {
	const q = `<quote author="bob" authorname="Bob" timestamp="1375219588" conversation="19:x@thread.skype" messageid="1" cuid="2">` +
		`<legacyquote>[1375219588] Bob: </legacyquote>quoted text<legacyquote>` + "\n\n" + `&lt;&lt;&lt; </legacyquote></quote>`
	runRender(t, []renderCase{
		{"quote", q + "rest", "<blockquote><small>Bob, 2013-07-30 21:26 UTC</small><br>quoted text</blockquote>rest"},
		{"reply on next line", "intro\n" + q + "\nrest", "intro<blockquote><small>Bob, 2013-07-30 21:26 UTC</small><br>quoted text</blockquote>rest"},
		{"no timestamp", `<quote author="8:bob">x</quote>`, "<blockquote><small>bob</small><br>x</blockquote>"},
		{"bad timestamp", `<quote authorname="Bob" timestamp="yesterday">x</quote>`, "<blockquote><small>Bob</small><br>x</blockquote>"},
		{"huge timestamp", `<quote authorname="Bob" timestamp="99999999999999999">x</quote>`, "<blockquote><small>Bob</small><br>x</blockquote>"},
		{"milliseconds", `<quote authorname="Bob" timestamp="1375219588000">x</quote>`, "<blockquote><small>Bob, 2013-07-30 21:26 UTC</small><br>x</blockquote>"},
		{"no header", `<quote>x</quote>`, "<blockquote>x</blockquote>"},
		{"escaped author", `<quote authorname="&lt;i&gt;Eve">x</quote>`, "<blockquote><small>&lt;i&gt;Eve</small><br>x</blockquote>"},
		{"nested", `<quote authorname="A"><quote authorname="B">b</quote>a</quote>c`, "<blockquote><small>A</small><blockquote><small>B</small><br>b</blockquote>a</blockquote>c"},
		{"multi-line", "<quote>one\ntwo\n</quote>", "<blockquote>one<br>two</blockquote>"},
		{"unclosed", `<quote authorname="A"><b>x`, "<blockquote><small>A</small><br><b>x</b></blockquote>"},
		{"stray legacyquote", "a<legacyquote>dropped</legacyquote>b", "ab"},
	})
}

func TestRenderCalls(t *testing.T) {
	runRender(t, []renderCase{
		{"ended", `<partlist type="ended" alt="" callId="c1"><part identity="8:x"><name>X</name><duration>84.82</duration></part><part identity="8:y"><name>Y</name><duration>80</duration></part></partlist>`, "<i>Call ended, 1 min 25 s</i>"},
		{"first part without duration", `<partlist type="ended"><part identity="8:x"><name>X</name></part><part identity="8:y"><duration>3725.4</duration></part></partlist>`, "<i>Call ended, 1 h 2 min 5 s</i>"},
		{"ended without duration", `<partlist type="ended"><part identity="8:x"><name>X</name></part></partlist>`, "<i>Call ended</i>"},
		{"bad duration", `<partlist type="ended"><part><duration>NaN</duration></part><part><duration>-1</duration></part></partlist>`, "<i>Call ended</i>"},
		{"started", `<partlist type="started" alt=""><part identity="8:x"><name>X</name></part></partlist>`, "<i>Call started</i>"},
		{"missed", `<partlist type="missed" alt=""><part identity="8:x"><name>X</name><duration>0</duration></part></partlist>`, "<i>Missed call</i>"},
		{"unknown type", `<partlist type="weird"/>`, "<i>Call</i>"},
		{"live API", "<partlist type=\"ended\" alt=\"\">\r\n<part identity=\"bob\"><name>Bob</name><duration>5</duration></part>\r\n</partlist>", "<i>Call ended, 5 s</i>"},
	})
}

func TestRenderFiles(t *testing.T) {
	const rel = `rel="nofollow noopener"`
	runRender(t, []renderCase{
		{"picture", `<URIObject type="Picture.1" uri="https://api.asm.skype.com/v1/objects/0-weu-d1" url_thumbnail="https://api.asm.skype.com/v1/objects/0-weu-d1/views/imgt1" doc_id="0-weu-d1" width="640" height="480">To view this shared photo, go to: <a href="https://login.skype.com/login/sso?go=xmmfallback?pic=0-weu-d1">https://login.skype.com/login/sso?go=xmmfallback?pic=0-weu-d1</a><OriginalName v="f.png"/><FileSize v="108188"/><meta type="photo" originalName="f.png"/></URIObject>`,
			`<i>Picture: <a href="https://api.asm.skype.com/v1/objects/0-weu-d1" ` + rel + `>f.png</a> (106 KB)</i>`},
		{"file without web uri", `<URIObject type="File.1" uri="file:///C:/x.pdf"><OriginalName v="x &amp; y.pdf"/><FileSize v="3145728"/></URIObject>`, "<i>File: x &amp; y.pdf (3.0 MB)</i>"},
		{"video", `<URIObject type="Video.1/Message.1" uri="https://x.org/v"><OriginalName v="v.mp4"/><FileSize v="900"/></URIObject>`, `<i>Video: <a href="https://x.org/v" ` + rel + `>v.mp4</a> (900 bytes)</i>`},
		{"audio", `<URIObject type="Audio.1/Message.1"><OriginalName v="a.m4a"/></URIObject>`, "<i>Voice message: a.m4a</i>"},
		{"meta name", `<URIObject type="Picture.1"><meta type="photo" originalName="m.jpg"/></URIObject>`, "<i>Picture: m.jpg</i>"},
		{"no name", `<URIObject type="Picture.1" uri="https://x.org/p"><FileSize v="1"/></URIObject>`, `<i><a href="https://x.org/p" ` + rel + `>Picture</a> (1 byte)</i>`},
		{"other type", `<URIObject type="SWIFT.1"><Swift b64="e30="/></URIObject>`, "<i>Attachment</i>"},
		{"call recording", `<URIObject type="Video.2/CallRecording.1"><RecordingStatus status="Success"/></URIObject>`, "<i>Call recording</i>"},
		{"javascript uri", `<URIObject type="File.1" uri="javascript:alert(1)"><OriginalName v="x"/></URIObject>`, "<i>File: x</i>"},
		{"mailto uri", `<URIObject type="File.1" uri="mailto:a@b"><OriginalName v="x"/></URIObject>`, "<i>File: x</i>"},
		{"p2p transfer", `<files alt="sent x"><file size="2048" index="0" tid="1">report.pdf</file><file size="bad" index="1">b.txt</file></files>`, "<i>File: report.pdf (2 KB)</i><br><i>File: b.txt</i>"},
	})
}

func TestRenderEdits(t *testing.T) {
	runRender(t, []renderCase{
		{"marker", `fixed text<e_m ts="1594056032" ts_ms="1594056032374" a="live:bob" t="61"/>`, "fixed text"},
		{"prefix", `Edited previous message: fixed <e_m ts="1" ts_ms="2" a="bob" t="61"/>`, "fixed"},
		{"only marker", `<e_m ts="1" ts_ms="2" a="bob" t="61"/>`, ""},
		{"open marker", `x<e_m ts="1">junk</e_m>y`, "xy"},
		{"prefix elsewhere", "say Edited previous message: x", "say Edited previous message: x"},
	})
}

func TestRenderContactsLocation(t *testing.T) {
	runRender(t, []renderCase{
		{"contacts", `<contacts><c t="s" s="user" f="Full Name"/><c t="s" s="8:other"/><c t="s" f="Only Name"/><c t="s"/></contacts>`, "<i>Contact: Full Name (user)</i><br><i>Contact: other</i><br><i>Contact: Only Name</i>"},
		{"location", `<location latitude="59436810" longitude="24740695" timeStamp="1" address="Tallinn, Estonia"><a href="https://www.bing.com/maps/?cp=59.43681~24.740695">Tallinn</a></location>`,
			`<i>Location: <a href="https://www.bing.com/maps/?cp=59.43681~24.740695" rel="nofollow noopener">Tallinn, Estonia</a></i>`},
		{"location without address", `<location latitude="59436810" longitude="-24740695"/>`, "<i>Location: 59.436810, -24.740695</i>"},
		{"location with bad link", `<location address="X"><a href="javascript:x">X</a></location>`, "<i>Location: X</i>"},
	})
}

func TestRenderThreadEvents(t *testing.T) {
	runRender(t, []renderCase{
		{"added", `<addmember><eventtime>1594056032374</eventtime><initiator>8:bob</initiator><target>8:carol</target></addmember>`, "<i>bob added carol</i>"},
		{"added several", `<addmember><initiator>8:bob</initiator><target>8:carol</target><target>8:live:dave</target></addmember>`, "<i>bob added carol, live:dave</i>"},
		{"joined", `<addmember><initiator>8:carol</initiator><target>8:carol</target></addmember>`, "<i>carol joined</i>"},
		{"removed", `<deletemember><initiator>8:bob</initiator><target>8:carol</target></deletemember>`, "<i>bob removed carol</i>"},
		{"left", `<deletemember><initiator>8:carol</initiator><target>8:carol</target></deletemember>`, "<i>carol left</i>"},
		{"removed passive", `<deletemember><target>8:carol</target><target>8:dave</target></deletemember>`, "<i>carol, dave were removed</i>"},
		{"topic", `<topicupdate><eventtime>1</eventtime><initiator>8:bob</initiator><value>Plans &amp; &lt;ideas&gt;</value></topicupdate>`, "<i>bob set the topic to “Plans &amp; &lt;ideas&gt;”</i>"},
		{"topic impersonal", `<topicupdate><value>X</value></topicupdate>`, "<i>Topic set to “X”</i>"},
		{"topic removed", `<topicupdate><initiator>8:bob</initiator><value></value></topicupdate>`, "<i>bob removed the topic</i>"},
		{"picture", `<pictureupdate><initiator>8:bob</initiator><value>URL@https://x.org/p.jpg</value></pictureupdate>`, "<i>bob changed the group picture</i>"},
		{"history", `<historydisclosedupdate><initiator>8:bob</initiator><value>true</value></historydisclosedupdate>`, "<i>bob made the chat history visible to new members</i>"},
		{"history hidden", `<historydisclosedupdate><value>false</value></historydisclosedupdate>`, "<i>Chat history hidden from new members</i>"},
		{"joining", `<joiningenabledupdate><initiator>8:bob</initiator><value>true</value></joiningenabledupdate>`, "<i>bob enabled joining by link</i>"},
		{"joining off", `<joiningenabledupdate><value>false</value></joiningenabledupdate>`, "<i>Joining by link disabled</i>"},
	})
}

func TestRenderUnknownMarkup(t *testing.T) {
	runRender(t, []renderCase{
		{"script", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"img onerror", `<img src="x" onerror="alert(1)">`, `&lt;img src="x" onerror="alert(1)"&gt;`},
		{"unquoted attribute", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{"unknown element", `<c_x id="1">text</c_x>`, `&lt;c_x id="1"&gt;text&lt;/c_x&gt;`},
		{"unclosed <", "a < b <", "a &lt; b &lt;"},
		{"heart", "I <3 you", "I &lt;3 you"},
		{"unclosed tag", `<b class="x`, `&lt;b class="x`},
		{"lt in attribute", `<a href="https://x.org/<b>">x</a>`, `&lt;a href="<a href="https://x.org/" rel="nofollow noopener">https://x.org/</a><b>"&gt;x</b>`},
		{"comment", "<!-- c --> <![CDATA[x]]> <?pi?>", "&lt;!-- c --&gt; &lt;![CDATA[x]]&gt; &lt;?pi?&gt;"},
		{"escaped markup stays text", "&lt;b&gt;x&lt;/b&gt;", "&lt;b&gt;x&lt;/b&gt;"},
		{"live API text", "if a<b and c>d then x</b", "if a&lt;b and c&gt;d then x&lt;/b"},
		{"newer c_i", `<c_i id="1" style="0">x</c_i>`, "x"},
	})
}

func TestTitle(t *testing.T) {
	for _, c := range []struct {
		body string
		n    int
		want string
	}{
		{"hello world", 80, "hello world"},
		{"  hello \r\n\t world  ", 80, "hello world"},
		{"hello world", 5, "hello…"},
		{"hello world", 6, "hello…"},
		{"hello world", 11, "hello world"},
		{"hello world", 0, "hello world"},
		{"héllo wörld", 4, "héll…"},
		{`<b>a</b> &amp; <at id="8:bob">Bob</at> <ss type="smile">:)</ss>`, 80, "a & @Bob :)"},
		{`<a href="javascript:x">&lt;script&gt;</a>`, 80, "<script>"},
		{`<a href="https://x.org"></a>`, 80, "https://x.org"},
		{`<quote><a href="https://x.org">q</a></quote>`, 80, "q"},
		{`<quote authorname="Bob" timestamp="1"><legacyquote>[1] Bob: </legacyquote>old</quote>new`, 80, "new"},
		{`<quote authorname="Bob">old</quote>`, 80, "old"},
		{`<partlist type="ended"><part><duration>61</duration></part></partlist>`, 80, "Call ended, 1 min 1 s"},
		{`<URIObject type="Picture.1" uri="https://x.org"><OriginalName v="f.png"/><FileSize v="2048"/></URIObject>`, 80, "Picture: f.png (2 KB)"},
		{"<contacts><c s=\"a\" f=\"A\"/><c s=\"b\"/></contacts>", 80, "Contact: A (a) Contact: b"},
		{"a\x00b\xff", 80, "ab\ufffd"},
		{"<pre>x\n  y</pre>z", 80, "x y z"},
		{"", 80, ""},
	} {
		if got := markup.Title("SAID", c.body, c.n); got != c.want {
			t.Errorf("Title(%q, %d) = %q, want %q", c.body, c.n, got, c.want)
		}
	}
}

// hostile is a corpus of bodies that try to get markup through.
var hostile = readCorpus("testdata/hostile.txt")

// readCorpus reads a file of Go-quoted strings, one a line; lines starting
// with # are comments.
func readCorpus(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var out []string
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			panic(fmt.Sprintf("%s: %q: %v", path, line, err))
		}
		out = append(out, s)
	}
	return out
}

func TestRenderHostile(t *testing.T) {
	for _, body := range hostile {
		out := (render(body))
		if err := checkHTML(out); err != nil {
			t.Errorf("HTML(%q) = %s: %v", body, out, err)
		}
		title := markup.Title("SAID", body, 40)
		if err := checkTitle(title, 40); err != nil {
			t.Errorf("Title(%q) = %q: %v", body, title, err)
		}
	}
}

func TestRenderDeepNesting(t *testing.T) {
	for _, tag := range []string{"b", "i", "quote", "pre", "ss", "at", "partlist", "a href=\"https://x.org\""} {
		name, _, _ := strings.Cut(tag, " ")
		body := strings.Repeat("<"+tag+">x", 10000) + strings.Repeat("</"+name+">", 10000)
		out := (render(body))
		if err := checkHTML(out); err != nil {
			t.Errorf("%s: %v", tag, err)
		}
		if d := nestingDepth(out); d > 40 {
			t.Errorf("%s: output nests %d deep", tag, d)
		}
	}
}

// TestRenderLarge renders big and pathological bodies, which must take
// linear time.
func TestRenderLarge(t *testing.T) {
	const size = 1 << 20
	message := `Hi <at id="8:bob">Bob</at>, see <a href="https://example.com/?a=1&amp;b=2">this</a> &amp; https://x.org/y. ` +
		`<b raw_pre="*" raw_post="*">bold</b> <ss type="smile">:)</ss> don&apos;t <quote authorname="A" timestamp="1375219588">q</quote>` + "\r\n" +
		`<URIObject type="Picture.1" uri="https://x.org/p"><OriginalName v="f.png"/><FileSize v="1"/></URIObject> a < b & c` + "\n"
	bodies := map[string]string{
		"messages":     message,
		"text":         "plain words and more words\n",
		"lt":           "<",
		"lt letters":   "<a",
		"open attr":    `<a x="`,
		"open attr gt": `<a x=">`,
		"amp":          "&#",
		"entities":     "&lt;&amp;&#x41;&nbsp;",
		"bold":         "<b>",
		"closers":      "</b>",
		"quotes":       "<quote>",
		"mentions":     "<at>",
		"collector":    "<partlist><part>",
		"urls":         "http://",
		"url parens":   "http://x.org/)",
		"CR":           "\r",
		"invalid":      "\xff",
	}
	for name, unit := range bodies {
		body := strings.Repeat(unit, size/len(unit)+1)[:size]
		start := time.Now()
		out := render(body)
		took := time.Since(start)
		title := markup.Title("SAID", body, 80)
		t.Logf("%-12s 1 MB in %v, %d bytes out", name, took, len(out))
		// 100 ms is the goal; the bound leaves room for slow or busy machines.
		if took > time.Second {
			t.Errorf("%s: 1 MB took %v", name, took)
		}
		if err := checkHTML(string(out)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if err := checkTitle(title, 80); err != nil {
			t.Errorf("%s: title %q: %v", name, title, err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	body := strings.Repeat(`Hi <at id="8:bob">Bob</at>, see <a href="https://example.com/">this</a> &amp; https://x.org/y. don&apos;t`+"\n", 1<<20/100)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		render(body)
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range hostile {
		f.Add(s)
	}
	f.Add(`<quote author="bob" authorname="Bob" timestamp="1375219588"><legacyquote>[1] Bob: </legacyquote>q<legacyquote>&lt;&lt;&lt; </legacyquote></quote>r`)
	f.Add(`<URIObject type="Picture.1" uri="https://x.org/p"><OriginalName v="f.png"/><FileSize v="108188"/></URIObject>`)
	f.Add(`<partlist type="ended"><part identity="8:x"><name>X</name><duration>84.82</duration></part></partlist>`)
	f.Add(`<addmember><initiator>8:bob</initiator><target>8:carol</target></addmember><contacts><c s="a" f="A"/></contacts>`)
	f.Add(`<location address="x"/>see http://x.org/(a) <at id="8:bob">Bob</at><e_m/>`)
	f.Fuzz(func(t *testing.T, body string) {
		out := (render(body))
		if err := checkHTML(out); err != nil {
			t.Fatalf("HTML(%q) = %s: %v", body, out, err)
		}
		title := markup.Title("SAID", body, 20)
		if err := checkTitle(title, 20); err != nil {
			t.Fatalf("Title(%q) = %q: %v", body, title, err)
		}
	})
}

func ExampleHTML() {
	fmt.Println(markup.HTML("SAID", `<quote authorname="Bob" timestamp="1375219588"><legacyquote>[1375219588] Bob: </legacyquote>lunch?<legacyquote>

&lt;&lt;&lt; </legacyquote></quote>yes, at <a href="https://example.com/menu">noon</a> <ss type="smile">:)</ss> <script>x</script>`, nil))
	// Output:
	// <blockquote><small>Bob, 2013-07-30 21:26 UTC</small><br>lunch?</blockquote>yes, at <a href="https://example.com/menu" rel="nofollow noopener">noon</a> :) &lt;script&gt;x&lt;/script&gt;
}

// allowedElements are the elements HTML may write without kept files.
var allowedElements = map[string]bool{
	"a": true, "b": true, "i": true, "s": true, "br": true, "blockquote": true,
	"pre": true, "code": true, "small": true, "em": true, "strong": true,
}

// checkHTML parses the output of HTML as XML (with <br> made empty) and
// checks that it is balanced, valid for XML 1.0, and uses only the allowed
// elements, with no attributes but a safe href and rel on links.
func checkHTML(out string) error {
	if !utf8.ValidString(out) {
		return errors.New("invalid UTF-8")
	}
	lower := strings.ToLower(out)
	for _, bad := range []string{"<script", "<img", "<style", "<iframe", "</br"} {
		if strings.Contains(lower, bad) {
			return fmt.Errorf("contains %s", bad)
		}
	}
	d := xml.NewDecoder(strings.NewReader("<root>" + strings.ReplaceAll(out, "<br>", "<br/>") + "</root>"))
	d.Strict = true
	var open []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			name := tok.Name.Local
			if tok.Name.Space != "" || len(open) > 0 && !allowedElements[name] || len(open) == 0 && name != "root" {
				return fmt.Errorf("element %s:%s", tok.Name.Space, name)
			}
			if name == "a" {
				for _, o := range open {
					if o == "a" {
						return errors.New("nested a")
					}
				}
			}
			open = append(open, name)
			if err := checkAttrs(name, tok.Attr); err != nil {
				return err
			}
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
		default:
			return fmt.Errorf("unexpected %T", tok)
		}
	}
	return nil
}

func checkAttrs(element string, attrs []xml.Attr) error {
	href := false
	for _, a := range attrs {
		name, value := a.Name.Local, a.Value
		switch {
		case strings.HasPrefix(strings.ToLower(name), "on"):
			return fmt.Errorf("event handler %s", name)
		case element != "a" || a.Name.Space != "":
			return fmt.Errorf("attribute %s on %s", name, element)
		case name == "rel":
			if value != "nofollow noopener" {
				return fmt.Errorf("rel=%q", value)
			}
		case name == "href":
			href = true
			squeezed := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, value))
			scheme, _, ok := strings.Cut(squeezed, ":")
			if !ok || scheme != "http" && scheme != "https" && scheme != "mailto" || value != strings.TrimSpace(value) {
				return fmt.Errorf("href %q", value)
			}
			for _, bad := range []string{"javascript:", "data:", "vbscript:"} {
				if strings.Contains(squeezed, bad) && !strings.HasPrefix(squeezed, "http") {
					return fmt.Errorf("href %q", value)
				}
			}
		default:
			return fmt.Errorf("attribute %s on a", name)
		}
	}
	if element == "a" && !href {
		return errors.New("a without href")
	}
	return nil
}

// checkTitle checks a Title result: one line, at most n runes and a
// "…", valid for XML 1.0.
func checkTitle(title string, n int) error {
	if !utf8.ValidString(title) {
		return errors.New("invalid UTF-8")
	}
	if c := utf8.RuneCountInString(title); c > n+1 {
		return fmt.Errorf("%d runes", c)
	}
	if title != strings.TrimSpace(title) || strings.Contains(title, "  ") {
		return errors.New("white space not collapsed")
	}
	for _, r := range title {
		if r < ' ' || r == 0xFFFE || r == 0xFFFF {
			return fmt.Errorf("character %U", r)
		}
	}
	return nil
}

// nestingDepth returns how deeply the elements of the output of HTML nest.
func nestingDepth(out string) int {
	d := xml.NewDecoder(strings.NewReader("<root>" + strings.ReplaceAll(out, "<br>", "<br/>") + "</root>"))
	depth, deepest := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return deepest
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			deepest = max(deepest, depth)
		case xml.EndElement:
			depth--
		}
	}
}
