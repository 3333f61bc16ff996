package markup

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file renders the Skype elements that are read whole and shown as a
// short summary (mentions, calls, files, contacts, thread events…) rather
// than rendered as they come.

// collected maps such an element to its renderer; nil drops the element
// with its content.
var collected = map[string]func(*collector, *writer){
	"at":                     renderMention,
	"legacyquote":            nil, // the plain-text form of a quote's header and separator
	"e_m":                    nil, // edit marker
	"partlist":               renderCall,
	"uriobject":              renderObject,
	"files":                  renderTransfers,
	"contacts":               renderContacts,
	"location":               renderLocation,
	"addmember":              renderThreadEvent,
	"deletemember":           renderThreadEvent,
	"topicupdate":            renderThreadEvent,
	"pictureupdate":          renderThreadEvent,
	"historydisclosedupdate": renderThreadEvent,
	"joiningenabledupdate":   renderThreadEvent,
	"sms":                    renderSMS,
	"videomessage":           renderVideoMessage,
}

// collector gathers the content of a collected element up to its end tag.
type collector struct {
	name   string
	attrs  attrs
	render func(*collector, *writer)
	open   []child // open elements inside, at most maxDepth
	done   []child // closed elements inside, in the order they closed
	text   []byte  // all the text inside
}

// child is an element inside a collected element.
type child struct {
	name  string
	attrs attrs
	text  []byte // the text directly inside it
}

// add takes the next token inside the element and reports whether it was
// the element's end tag.
func (c *collector) add(t token) bool {
	switch t.kind {
	case textToken:
		if c.render != nil {
			s := decodeEntities(t.raw)
			c.text = append(c.text, s...)
			if n := len(c.open); n > 0 {
				c.open[n-1].text = append(c.open[n-1].text, s...)
			}
		}
	case startToken:
		if len(c.open) < maxDepth {
			c.open = append(c.open, child{name: t.name, attrs: t.attrs})
		}
	case selfClosingToken:
		if c.render != nil {
			c.done = append(c.done, child{name: t.name, attrs: t.attrs})
		}
	case endToken:
		for k := len(c.open) - 1; k >= 0; k-- {
			if c.open[k].name == t.name {
				c.closeTo(k)
				return false
			}
		}
		return t.name == c.name
	}
	return false
}

// closeTo closes the open children from the innermost down to open[k].
func (c *collector) closeTo(k int) {
	for n := len(c.open) - 1; n >= k; n-- {
		if c.render != nil {
			c.done = append(c.done, c.open[n])
		}
	}
	c.open = c.open[:k]
}

// closeAll closes what is open at the end of a broken body.
func (c *collector) closeAll() { c.closeTo(0) }

// renderMention shows <at id="8:bob">Bob</at> as a bold "@Bob".
func renderMention(c *collector, w *writer) {
	name := oneLine(string(c.text))
	if name == "" {
		name = handle(c.attrs.get("id"))
	}
	if name == "" {
		return
	}
	w.inline("<b>")
	w.emit("@" + name)
	w.closeInline("</b>")
}

// renderCall shows a call summary (<partlist>): its kind and the duration
// of the first participant that has one.
func renderCall(c *collector, w *writer) {
	kind := strings.ToLower(strings.TrimSpace(c.attrs.get("type")))
	s := "Call"
	switch kind {
	case "started":
		s = "Call started"
	case "ended":
		s = "Call ended"
	case "missed":
		w.note([]piece{{text: "Missed call"}})
		return
	}
	for _, ch := range c.done {
		if ch.name != "duration" {
			continue
		}
		if d, ok := duration(string(ch.text)); ok {
			s += ", " + d
			break
		}
	}
	w.note([]piece{{text: s}})
}

// duration formats a call duration in seconds, as "3 min 20 s" or
// "1 h 2 min 5 s".
func duration(s string) (string, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || !(f >= 0 && f < 1e9) {
		return "", false
	}
	t := int64(math.Round(f))
	var parts []string
	if t >= 3600 {
		parts = append(parts, strconv.FormatInt(t/3600, 10)+" h")
	}
	if t/60%60 > 0 {
		parts = append(parts, strconv.FormatInt(t/60%60, 10)+" min")
	}
	if t%60 > 0 || t == 0 {
		parts = append(parts, strconv.FormatInt(t%60, 10)+" s")
	}
	return strings.Join(parts, " "), true
}

// renderObject shows a shared file or picture (<URIObject>) as its kind,
// name and size. When the archive keeps the file, a page shows a picture
// inline and links the file from the archive; otherwise the name links the
// object's URI, when it is http(s), and a page says the file is not kept.
func renderObject(c *collector, w *writer) {
	var name, metaName string
	size := int64(-1)
	for _, ch := range c.done {
		switch ch.name {
		case "originalname":
			name = orElse(name, oneLine(ch.attrs.get("v")))
		case "meta":
			metaName = orElse(metaName, oneLine(ch.attrs.get("originalname")))
		case "filesize":
			if n, err := strconv.ParseInt(strings.TrimSpace(ch.attrs.get("v")), 10, 64); err == nil && n >= 0 && size < 0 {
				size = n
			}
		}
	}
	kind, name := objectKind(c.attrs.get("type")), orElse(name, metaName)
	if f, ok := w.keptObject(c.attrs); ok {
		w.keptFile(f, c.attrs, kind, name, size)
		return
	}
	href, _ := linkTarget(c.attrs.get("uri"), "http", "https")
	line := fileLine(kind, name, href, size)
	if w.files != nil {
		line = append(line, piece{text: " · not in the archive"})
	}
	w.note(line)
}

// fileLine builds "Kind: name (size)", the name (or the kind when there is
// no name) linked to href when href is set.
func fileLine(kind, name, href string, size int64) []piece {
	var line []piece
	if name == "" {
		line = []piece{{text: kind, href: href}}
	} else {
		line = []piece{{text: kind + ": "}, {text: name, href: href}}
	}
	if size >= 0 {
		line = append(line, piece{text: " (" + fileSize(size) + ")"})
	}
	return line
}

// objectKind names a URIObject type such as "Picture.1" or
// "Audio.1/Message.1".
func objectKind(typ string) string {
	t := strings.ToLower(typ)
	switch {
	case strings.Contains(t, "callrecording"):
		return "Call recording"
	case strings.Contains(t, "sticker"):
		return "Sticker"
	}
	if i := strings.IndexAny(t, "./"); i >= 0 {
		t = t[:i]
	}
	switch strings.TrimSpace(t) {
	case "picture":
		return "Picture"
	case "file":
		return "File"
	case "video":
		return "Video"
	case "audio":
		return "Voice message"
	}
	return "Attachment"
}

// fileSize formats a size in bytes, in binary units.
func fileSize(n int64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n < 1<<10:
		return fmt.Sprintf("%d bytes", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
}

// renderTransfers shows the files of a peer-to-peer transfer (<files>).
func renderTransfers(c *collector, w *writer) {
	var lines [][]piece
	for _, ch := range c.done {
		if ch.name != "file" {
			continue
		}
		size := int64(-1)
		if n, err := strconv.ParseInt(strings.TrimSpace(ch.attrs.get("size")), 10, 64); err == nil && n >= 0 {
			size = n
		}
		lines = append(lines, fileLine("File", oneLine(string(ch.text)), "", size))
	}
	w.note(lines...)
}

// renderContacts shows each shared contact as "Contact: Full Name (user)".
func renderContacts(c *collector, w *writer) {
	var lines [][]piece
	for _, ch := range c.done {
		if ch.name != "c" {
			continue
		}
		full, user := oneLine(ch.attrs.get("f")), handle(ch.attrs.get("s"))
		switch {
		case full != "" && user != "" && full != user:
			full += " (" + user + ")"
		case full == "":
			full = user
		}
		if full != "" {
			lines = append(lines, []piece{{text: "Contact: " + full}})
		}
	}
	w.note(lines...)
}

// renderLocation shows a shared location by its address, or else its
// coordinates (given in degrees × 10⁶), linked to the map link it carries.
func renderLocation(c *collector, w *writer) {
	place := oneLine(c.attrs.get("address"))
	if place == "" {
		lat, err1 := strconv.ParseFloat(strings.TrimSpace(c.attrs.get("latitude")), 64)
		long, err2 := strconv.ParseFloat(strings.TrimSpace(c.attrs.get("longitude")), 64)
		if err1 == nil && err2 == nil && math.Abs(lat) <= 90e6 && math.Abs(long) <= 180e6 {
			place = fmt.Sprintf("%.6f, %.6f", lat/1e6, long/1e6)
		}
	}
	var href string
	for _, ch := range c.done {
		if ch.name == "a" {
			href, _ = linkTarget(ch.attrs.get("href"), "http", "https")
			break
		}
	}
	if place == "" {
		place = "shared"
	}
	w.note([]piece{{text: "Location: "}, {text: place, href: href}})
}

// renderThreadEvent shows a change to a group chat as a short sentence.
func renderThreadEvent(c *collector, w *writer) {
	var who, value string
	var targets []string
	for _, ch := range c.done {
		switch ch.name {
		case "initiator":
			who = handle(string(ch.text))
		case "target":
			if t := handle(string(ch.text)); t != "" {
				targets = append(targets, t)
			}
		case "value":
			value = oneLine(string(ch.text))
		}
	}
	var s string
	switch c.name {
	case "addmember", "deletemember":
		s = memberSentence(c.name == "addmember", who, targets)
	case "topicupdate":
		switch {
		case value == "" && who == "":
			s = "Topic removed"
		case value == "":
			s = who + " removed the topic"
		case who == "":
			s = "Topic set to “" + value + "”"
		default:
			s = who + " set the topic to “" + value + "”"
		}
	case "pictureupdate":
		s = subject(who, "changed the group picture", "Group picture changed")
	case "historydisclosedupdate":
		if strings.EqualFold(value, "true") {
			s = subject(who, "made the chat history visible to new members", "Chat history made visible to new members")
		} else {
			s = subject(who, "hid the chat history from new members", "Chat history hidden from new members")
		}
	case "joiningenabledupdate":
		if strings.EqualFold(value, "true") {
			s = subject(who, "enabled joining by link", "Joining by link enabled")
		} else {
			s = subject(who, "disabled joining by link", "Joining by link disabled")
		}
	}
	w.note([]piece{{text: s}})
}

// memberSentence says who added or removed whom.
func memberSentence(added bool, who string, targets []string) string {
	verb, passive, self := "removed", "removed", "left"
	if added {
		verb, passive, self = "added", "added", "joined"
	}
	list := strings.Join(targets, ", ")
	switch {
	case len(targets) == 0:
		return subject(who, verb+" members", "Members "+passive)
	case len(targets) == 1 && (who == "" || who == targets[0]):
		return list + " " + self
	case who == "" && len(targets) == 1:
		return list + " was " + passive
	case who == "":
		return list + " were " + passive
	}
	return who + " " + verb + " " + list
}

// subject returns "who predicate", or impersonal when who is unknown.
func subject(who, predicate, impersonal string) string {
	if who == "" {
		return impersonal
	}
	return who + " " + predicate
}

// quoteHeader returns "Author, 2006-01-02 15:04 UTC" for a <quote>, or as
// much of it as the quote tells.
func quoteHeader(t token) string {
	who := oneLine(t.attr("authorname"))
	if who == "" {
		who = handle(t.attr("author"))
	}
	when := ""
	if n, err := strconv.ParseInt(strings.TrimSpace(t.attr("timestamp")), 10, 64); err == nil && n > 0 {
		const maxSeconds = 253402300799 // 9999-12-31T23:59:59Z
		if n >= 1e11 {
			n /= 1000 // seconds that far ahead are milliseconds
		}
		if n <= maxSeconds {
			when = time.Unix(n, 0).UTC().Format("2006-01-02 15:04 UTC")
		}
	}
	switch {
	case who == "":
		return when
	case when == "":
		return who
	}
	return who + ", " + when
}

// handle returns a Skype id without its "8:" user prefix.
func handle(id string) string {
	return strings.TrimPrefix(oneLine(id), "8:")
}

// orElse returns a, or b when a is empty.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
