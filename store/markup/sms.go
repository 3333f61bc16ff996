package markup

import "strings"

// This file renders the elements of main.db rows that carry data rather
// than text: SMS, video messages, and elements this reader does not know.

// smsStatus names the SMS statuses (SkypeKit Sms::STATUS).
var smsStatus = map[string]string{
	"1": "received", "2": "read", "3": "draft", "4": "sending", "5": "sent to the server",
	"6": "delivered", "7": "not delivered to every number", "8": "failed",
}

// renderSMS shows an SMS (<sms alt="…"><type>2</type><status>6</status>
// <targets><target>+34…</target></targets><body><chunk>…</chunk></body>
// …</sms>, main.db type 64) as "SMS to +34123456789 (delivered): its text".
// Type 1 is an incoming SMS, 2 an outgoing one (SkypeKit Sms::TYPE).
func renderSMS(c *collector, w *writer) {
	var typ, status, encoded string
	var numbers, chunks []string
	for _, ch := range c.done {
		text := oneLine(string(ch.text))
		switch ch.name {
		case "type":
			typ = text
		case "status":
			status = text
		case "target":
			if text != "" {
				numbers = append(numbers, text)
			}
		case "chunk":
			chunks = append(chunks, string(ch.text))
		case "encoded_body":
			encoded = string(ch.text)
		}
	}
	head := "SMS"
	switch {
	case len(numbers) > 0 && typ == "1":
		head += " from " + strings.Join(numbers, ", ")
	case len(numbers) > 0:
		head += " to " + strings.Join(numbers, ", ")
	}
	if s, ok := smsStatus[status]; ok {
		head += " (" + s + ")"
	}
	text := strings.Join(chunks, "")
	if strings.TrimSpace(text) == "" {
		text = encoded
	}
	if strings.TrimSpace(text) == "" {
		text = c.attrs.get("alt")
	}
	if strings.TrimSpace(text) == "" {
		w.note([]piece{{text: head}})
		return
	}
	w.note([]piece{{text: head + ":"}})
	w.text(" " + text)
}

// renderVideoMessage shows a video message (<videomessage sid="…"
// publiclink="…">, main.db type 70), linked to its public page.
func renderVideoMessage(c *collector, w *writer) {
	href, _ := linkTarget(c.attrs.get("publiclink"), "http", "https")
	w.note([]piece{{text: "Video message", href: href}})
}

// renderAlt shows an element of an event's data that this reader does not
// know by the text Skype gave older clients for it (its alt attribute), or
// not at all.
func renderAlt(c *collector, w *writer) {
	if alt := c.attrs.get("alt"); strings.TrimSpace(alt) != "" {
		w.text(alt)
	}
}
