package markup

import "strings"

// This file holds the rule for messages that are not said text: which
// types they are, and the line that says what happened when the body does
// not (skype-export-formats.md 1.5 and 2.3, skype-desktop-api.md 3.4). Type
// names are the archive's: the live API's where it has one, else those the
// importers give (skypeapi/maindb, skypeapi/skypeexport).
//
// The line never names the author: the page shows the author beside it,
// and the text of a message must not depend on a display name, which
// sources give differently, since the store compares texts across sources.

// isText reports whether the body of a message of type typ is said text,
// in which tags that are not Skype's show as typed.
func isText(typ string) bool {
	switch typ {
	case "SAID", "", "EMOTED", "TEXT", "UNKNOWN":
		return true
	}
	return false
}

// event is how a type of event shows.
type event struct {
	line string // shown when the body shows nothing
	// The body of some events is their data (a topic, a request's words):
	// it is shown, on one line, between before and after.
	before, after string
}

// events maps the types of events to how they show. Other types show their
// body as data, or "Skype event TYPE" when it shows nothing.
var events = map[string]event{
	"SETTOPIC":          {line: "Changed the topic or picture", before: "Set the topic to “", after: "”"},
	"SETGUIDELINES":     {line: "Changed the chat guidelines", before: "Set the chat guidelines to “", after: "”"},
	"CONTACTREQUEST":    {line: "Sent a contact request", before: "Sent a contact request: "},
	"CONTACTGRANTED":    {line: "Accepted the contact request"},
	"BLOCKED":           {line: "Blocked a contact"},
	"CREATEDCHATWITH":   {line: "Created the group chat"},
	"ADDEDMEMBERS":      {line: "Added members"},
	"ADDEDAPPLICANTS":   {line: "Added members who asked to join"},
	"JOINEDASAPPLICANT": {line: "Asked to join"},
	"SAWMEMBERS":        {line: "Saw the members of the chat"},
	"KICKED":            {line: "Removed members"},
	"KICKBANNED":        {line: "Removed and banned members"},
	"LEFT":              {line: "Left the chat"},
	"SETROLE":           {line: "Changed a member’s role"},
	"SETOPTIONS":        {line: "Changed the chat options"},
	"SETPICTURE":        {line: "Changed the group picture"},
	"CANPARTICIPATE":    {line: "Can now take part in this chat"},
	"NEEDSUPDATE":       {line: "Needs a newer Skype to take part in this chat"},
	"GAP_IN_CHAT":       {line: "Skype could not sync the messages here"},
	"CALLSTARTED":       {line: "Call started"},
	"CALLENDED":         {line: "Call ended"},
	"CALLINVITE":        {line: "Scheduled a call"},
	"CALLRECORDING":     {line: "Call recording"},
	"SMS":               {line: "SMS"},
	"POSTEDCONTACTS":    {line: "Shared contacts"},
	"FILES":             {line: "Sent files"},
	"FILE":              {line: "Shared a file"},
	"FILENOTICE":        {line: "File transfer"},
	"MEDIAMESSAGE":      {line: "Shared a video or voice message"},
	"VOICEMESSAGE":      {line: "Voice message"},
	"VIDEOMESSAGE":      {line: "Video message"},
	"ALBUM":             {line: "Shared pictures"},
	"CARD":              {line: "Shared a card"},
	"MOJI":              {line: "Sent a Moji"},
	"LOCATION":          {line: "Shared a location"},
	"ALERT":             {line: "Skype alert"},
	"INVOICE":           {line: "Invoice"},
	"BIRTHDAY":          {line: "Has a birthday"},
	"BOTEVENT":          {line: "Bot event"},
	"NOTICE":            {line: "Notice"},
	"POLL":              {line: "Poll"},
}

// render renders a message of type typ with this body.
func render(w *writer, typ, body string) {
	body = cleanBody(body)
	if isText(typ) {
		walk(w, body, false)
		return
	}
	ev, ok := events[typ]
	if !ok {
		ev.line = strings.TrimSpace("Skype event " + oneLine(cleanText(typ)))
	}
	if ev.before != "" {
		// The body is the event's data unless it describes itself (an
		// export's <topicupdate>): read it first to know.
		v := writer{plainMode: true}
		walk(&v, body, true)
		if !v.noted {
			if data := oneLine(v.plain.String()); data != "" {
				w.note([]piece{{text: ev.before + data + ev.after}})
				return
			}
		}
	}
	walk(w, body, true)
	if w.shown == 0 {
		w.note([]piece{{text: ev.line}})
	}
}

// oneLine collapses the white space in s to single spaces and trims it.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// IsEvent reports whether a message of type typ tells of something that
// happened in the chat (a member joined or left, the topic changed, a
// call, a file transfer, a contact request, an SMS, a type this reader
// does not know) rather than something said or shown: pages show it as a
// muted line of its own, not as a message. What people share to be seen
// (pictures, voice and video messages, cards, locations, contacts, polls)
// reads as a message.
func IsEvent(typ string) bool {
	return !isText(typ) && !shared[typ]
}

// shared are the types of messages that are not text but show what
// someone shared, as a message does.
var shared = map[string]bool{
	"FILE": true, "MEDIAMESSAGE": true, "VOICEMESSAGE": true, "VIDEOMESSAGE": true, "ALBUM": true, "CARD": true,
	"MOJI": true, "LOCATION": true, "POSTEDCONTACTS": true, "POLL": true,
}
