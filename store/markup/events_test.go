package markup_test

import (
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store/markup"
)

// fixtureSMS is the body of the SMS row (type 64) of the real main.db
// fixture (skypeapi/maindb/testdata/skype6_main.db).
const fixtureSMS = `<sms alt="f you want I can copy some documents for you, if you can pay it... ;)"><type>2</type><status>6</status><failurereason>0</failurereason><targets><target status="6">+34123456789</target></targets><price>0.116 EUR</price><body><chunk id="0">f you want I can copy some documents for you, if you can pay it... ;)</chunk><untilnext>72</untilnext></body><encoded_body>f you want I can copy some documents for you, if you can pay it... ;)</encoded_body><sendtimestamp>13727168620</sendtimestamp></sms>`

// eventExamples are rows of every kind the archive keeps that is not said
// text, with their bodies as the fixture and the spec
// (skype-export-formats.md 1.7, 2.3) give them, and the line each shows.
var eventExamples = []struct{ name, typ, body, text string }{
	{"SMS, fixture", "SMS", fixtureSMS, "SMS to +34123456789 (delivered): f you want I can copy some documents for you, if you can pay it... ;)"},
	{"SMS incoming in chunks", "SMS", `<sms alt="x"><type>1</type><status>2</status><targets><target>+1555</target></targets><body><chunk id="0">hello </chunk><chunk id="1">there</chunk></body></sms>`, "SMS from +1555 (read): hello there"},
	{"SMS by its alt text", "SMS", `<sms alt="see you &amp; bye"><type>2</type><status>8</status></sms>`, "SMS (failed): see you & bye"},
	{"SMS, no text", "SMS", `<sms><targets><target>+1</target><target>+2</target></targets></sms>`, "SMS to +1, +2"},
	{"SMS, empty row", "SMS", "", "SMS"},
	{"contact request, fixture", "CONTACTREQUEST", "Hi European Competitor, I&apos;d like to add you as a contact. Gen Beringer", "Sent a contact request: Hi European Competitor, I'd like to add you as a contact. Gen Beringer"},
	{"contact request without words", "CONTACTREQUEST", "", "Sent a contact request"},
	{"contact granted, fixture", "CONTACTGRANTED", "", "Accepted the contact request"},
	{"blocked", "BLOCKED", "", "Blocked a contact"},
	{"call started, main.db", "CALLSTARTED", "", "Call started"},
	{"call ended, main.db", "CALLENDED", "", "Call ended"},
	{"call, export", "CALLENDED", `<partlist type="ended" alt="" callId="c1"><part identity="8:live:bob"><name>Bob</name><duration>200.2</duration></part></partlist>`, "Call ended, 3 min 20 s"},
	{"call started, export", "CALLSTARTED", `<partlist type="started" alt=""><part identity="8:x"><name>X</name></part></partlist>`, "Call started"},
	{"missed call", "CALLSTARTED", `<partlist type="missed" alt=""><part identity="8:x"><name>X</name></part></partlist>`, "Missed call"},
	{"long call", "CALLENDED", `<partlist type="ended"><part><duration>3725</duration></part></partlist>`, "Call ended, 1 h 2 min 5 s"},
	{"file transfer", "FILES", `<files alt="sent report.pdf"><file size="2048" index="0" tid="1">report.pdf</file></files>`, "File: report.pdf (2 KB)"},
	{"file transfer, empty row", "FILES", "", "Sent files"},
	{"file notice", "FILENOTICE", "", "File transfer"},
	{"shared picture", "FILE", `<URIObject type="Picture.1" uri="https://api.asm.skype.com/v1/objects/0-weu-d1" doc_id="0-weu-d1">To view this shared photo, go to: <a href="https://login.skype.com/login/sso?go=xmmfallback?pic=0-weu-d1">https://login.skype.com/login/sso?go=xmmfallback?pic=0-weu-d1</a><OriginalName v="f.png"/><FileSize v="108188"/><meta type="photo" originalName="f.png"/></URIObject>`, "Picture: f.png (106 KB)"},
	{"video message", "VIDEOMESSAGE", `<videomessage sid="3a1" publiclink="https://video.skype.com/v/3a1"/>`, "Video message"},
	{"voice message", "MEDIAMESSAGE", `<URIObject type="Audio.1/Message.1"><OriginalName v="a.m4a"/></URIObject>`, "Voice message: a.m4a"},
	{"contacts", "POSTEDCONTACTS", `<contacts><c t="s" s="user" f="Full Name"/></contacts>`, "Contact: Full Name (user)"},
	{"location", "LOCATION", `<location latitude="59436810" longitude="24740695" address="Tallinn, Estonia"/>`, "Location: Tallinn, Estonia"},
	{"members added, main.db", "ADDEDMEMBERS", "", "Added members"},
	{"members added, export", "ADDEDMEMBERS", `<addmember><eventtime>1594056032374</eventtime><initiator>8:bob</initiator><target>8:carol</target></addmember>`, "bob added carol"},
	{"joined, export", "ADDEDMEMBERS", `<addmember><initiator>8:carol</initiator><target>8:carol</target></addmember>`, "carol joined"},
	{"left, main.db", "LEFT", "", "Left the chat"},
	{"left, export", "LEFT", `<deletemember><initiator>8:carol</initiator><target>8:carol</target></deletemember>`, "carol left"},
	{"removed, main.db", "KICKED", "", "Removed members"},
	{"removed, export", "KICKED", `<deletemember><initiator>8:bob</initiator><target>8:carol</target></deletemember>`, "bob removed carol"},
	{"created", "CREATEDCHATWITH", "", "Created the group chat"},
	{"role", "SETROLE", "", "Changed a member’s role"},
	{"topic, main.db and live", "SETTOPIC", "Plans &amp; ideas", "Set the topic to “Plans & ideas”"},
	{"topic on lines", "SETTOPIC", "Plans\n  for <b>May</b>", "Set the topic to “Plans for May”"},
	{"topic or picture, main.db", "SETTOPIC", "", "Changed the topic or picture"},
	{"topic, export", "SETTOPIC", `<topicupdate><eventtime>1</eventtime><initiator>8:bob</initiator><value>Plans</value></topicupdate>`, "bob set the topic to “Plans”"},
	{"picture, export", "SETPICTURE", `<pictureupdate><initiator>8:bob</initiator><value>URL@https://x.org/p.jpg</value></pictureupdate>`, "bob changed the group picture"},
	{"options, export", "SETOPTIONS", `<joiningenabledupdate><initiator>8:bob</initiator><value>true</value></joiningenabledupdate>`, "bob enabled joining by link"},
	{"emote", "EMOTED", "waves", "waves"},
	{"unknown data", "TYPE77", `<thing><kind>2</kind><what>x</what></thing>`, "Skype event TYPE77"},
	{"unknown data with alt text", "ALERT", `<alert alt="Your credit is low"><code>5</code></alert>`, "Your credit is low"},
	{"unknown export type", "Event/Something", "", "Skype event Event/Something"},
}

// eventBodies are the bodies of eventExamples.
var eventBodies = func() []string {
	var out []string
	for _, e := range eventExamples {
		out = append(out, e.body)
	}
	return out
}()

// TestEvents checks that every kind of row the archive keeps shows a
// readable line, never raw XML nor nothing.
func TestEvents(t *testing.T) {
	for _, e := range eventExamples {
		t.Run(e.name, func(t *testing.T) {
			if got := markup.Text(e.typ, e.body); got != e.text {
				t.Errorf("Text(%s, %q) = %q, want %q", e.typ, e.body, got, e.text)
			}
			html := string(markup.HTML(e.typ, e.body, nil))
			if err := checkHTML(html); err != nil {
				t.Errorf("HTML(%s, %q) = %s: %v", e.typ, e.body, html, err)
			}
			if strings.Contains(html, "&lt;") {
				t.Errorf("HTML(%s, %q) = %s shows markup", e.typ, e.body, html)
			}
		})
	}
}

func TestEventHTML(t *testing.T) {
	for _, c := range []struct{ typ, body, want string }{
		{"SMS", fixtureSMS, "<i>SMS to +34123456789 (delivered):</i> f you want I can copy some documents for you, if you can pay it... ;)"},
		{"CONTACTGRANTED", "", "<i>Accepted the contact request</i>"},
		{"VIDEOMESSAGE", `<videomessage sid="1" publiclink="https://video.skype.com/v/1"/>`, `<i><a href="https://video.skype.com/v/1" rel="nofollow noopener">Video message</a></i>`},
		{"SETTOPIC", "&lt;b&gt;", "<i>Set the topic to “&lt;b&gt;”</i>"},
		// Said text keeps typing that looks like markup.
		{"SAID", `<sms alt="x">hi</sms>`, "<i>SMS:</i> x"},
		{"SAID", `<thing>2</thing>`, "&lt;thing&gt;2&lt;/thing&gt;"},
	} {
		if got := string(markup.HTML(c.typ, c.body, nil)); got != c.want {
			t.Errorf("HTML(%s, %q)\n got %s\nwant %s", c.typ, c.body, got, c.want)
		}
	}
}

func TestTitleOfEvents(t *testing.T) {
	if got, want := markup.Title("SMS", fixtureSMS, 30), "SMS to +34123456789 (delivered…"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got, want := markup.Title("CONTACTGRANTED", "", 80), "Accepted the contact request"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
}

// Pages show the rows that tell what happened as events, and what people
// say or share as messages.
func TestIsEvent(t *testing.T) {
	for _, typ := range []string{"ADDEDMEMBERS", "LEFT", "KICKED", "SETTOPIC", "CALLSTARTED", "CALLENDED", "FILES", "FILENOTICE",
		"CONTACTREQUEST", "CONTACTGRANTED", "SMS", "GAP_IN_CHAT", "TYPE999"} {
		if !markup.IsEvent(typ) {
			t.Errorf("%s is not an event", typ)
		}
	}
	for _, typ := range []string{"SAID", "EMOTED", "TEXT", "", "UNKNOWN", "FILE", "ALBUM", "MEDIAMESSAGE", "LOCATION", "POSTEDCONTACTS"} {
		if markup.IsEvent(typ) {
			t.Errorf("%s is an event", typ)
		}
	}
}
