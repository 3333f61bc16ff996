package multisource

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The export's JSON (spec 1.2–1.4). Fields are written in the order Skype
// writes them; null and absent are as the spec describes.
type exportDoc struct {
	UserID        string       `json:"userId"`
	ExportDate    string       `json:"exportDate"`
	Conversations []exportConv `json:"conversations"`
}

type exportConv struct {
	ID               string         `json:"id"`
	DisplayName      *string        `json:"displayName"`
	Version          json.Number    `json:"version"`
	Properties       map[string]any `json:"properties"`
	ThreadProperties any            `json:"threadProperties"`
	MessageList      []exportMsg    `json:"MessageList"`
}

type exportMsg struct {
	ID                  string         `json:"id"`
	DisplayName         *string        `json:"displayName"`
	OriginalArrivalTime string         `json:"originalarrivaltime"`
	MessageType         string         `json:"messagetype"`
	Version             json.Number    `json:"version"`
	Content             string         `json:"content"`
	ConversationID      string         `json:"conversationid"`
	From                string         `json:"from"`
	Properties          map[string]any `json:"properties"`
	AMSReferences       []string       `json:"amsreferences"`

	sortAt time.Time // newest first, an edited message's newest copy first
	index  int
}

// exportJSON is person pi's messages.json holding holds.
func (w *World) exportJSON(pi int, holds []Sighting) ([]byte, error) {
	p := &w.People[pi]
	r := w.sourceRand(ExportJSON, pi)
	doc := exportDoc{UserID: "8:" + p.Handle, ExportDate: w.End.Format("2006-01-02T15:04")}
	convs := map[int]*exportConv{}
	var order []int
	for _, h := range holds {
		m := &w.Messages[h.Message]
		c := &w.Chats[m.Chat]
		ec := convs[m.Chat]
		if ec == nil {
			ec = w.exportConv(c, p, r)
			convs[m.Chat] = ec
			order = append(order, m.Chat)
		}
		for _, v := range h.Shown {
			ec.MessageList = append(ec.MessageList, w.exportEntry(m, v, ec.ID, p, r))
		}
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	for _, ci := range order {
		ec := convs[ci]
		slices.SortStableFunc(ec.MessageList, func(a, b exportMsg) int {
			if c := b.sortAt.Compare(a.sortAt); c != 0 {
				return c
			}
			return b.index - a.index
		})
		last := ec.MessageList[0].sortAt
		ec.Version = number(last.UnixMilli(), true)
		if ec.Properties != nil {
			ec.Properties["lastimreceivedtime"] = last.Format("2006-01-02T15:04:05.000Z")
		}
		doc.Conversations = append(doc.Conversations, *ec)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("export of %s: %w", p.Handle, err)
	}
	return b.Bytes(), nil
}

// exportConv is the conversation object of chat c in p's export, without messages.
func (w *World) exportConv(c *Chat, p *Person, r *rand.Rand) *exportConv {
	ec := &exportConv{ID: c.ExportID(p.Handle)}
	if r.Intn(3) > 0 {
		ec.Properties = map[string]any{"conversationblocked": false, "conversationstatus": "Accepted"}
	} else {
		ec.Properties = map[string]any{}
	}
	if c.Kind == Dialog {
		if r.Intn(2) == 0 { // often null for 1:1 chats
			name := w.Person(c.Partner(p.Handle)).Name
			ec.DisplayName = &name
		}
		if r.Intn(3) == 0 { // newer exports: an object whose members is null
			ec.ThreadProperties = map[string]any{"members": nil}
		}
		return ec
	}
	topic := c.Topic
	ec.DisplayName = &topic
	var mris []string
	for _, m := range c.Members {
		mris = append(mris, "8:"+m)
	}
	members, _ := json.Marshal(mris) // a JSON array encoded as a string
	ec.ThreadProperties = map[string]any{"membercount": len(c.Members), "topic": c.Topic, "members": string(members)}
	return ec
}

// exportEntry is the MessageList entry carrying version v of m.
func (w *World) exportEntry(m *Message, v int, conv string, p *Person, r *rand.Rand) exportMsg {
	ver := m.Versions[v]
	e := exportMsg{
		ID: ver.ExportID, OriginalArrivalTime: arrivalTime(m.Time, r), MessageType: "RichText",
		Version: number(ver.At.UnixMilli(), r.Intn(2) == 0), Content: ver.Body, ConversationID: conv,
		From: "8:" + m.Author, sortAt: ver.At, index: m.Index,
	}
	if r.Intn(10) == 0 {
		e.MessageType = "Text"
	}
	if m.Author != p.Handle || r.Intn(3) == 0 { // often null for the exporting user's own messages
		name := m.AuthorName
		e.DisplayName = &name
	}
	if r.Intn(2) == 0 {
		e.AMSReferences = []string{}
	}
	if v == 0 {
		if r.Intn(2) == 0 {
			e.Properties = map[string]any{}
		}
		return e
	}
	// An edit (spec 1.7, 1.8): its time, the message it edits, and often an
	// <e_m> marker whose ts_ms is the original send time.
	at := strconv.FormatInt(ver.At.UnixMilli(), 10)
	e.Properties = map[string]any{"skypeeditedid": m.Versions[0].ExportID}
	marker := fmt.Sprintf(`<e_m ts="%d" ts_ms="%d" a="%s" t="61"/>`, ver.At.Unix(), m.Time.UnixMilli(), m.Author)
	if ver.Deleted {
		e.Properties["deletetime"] = at
		if r.Intn(3) == 0 {
			e.Content = marker // a body holding only <e_m/>: deleted
		}
		return e
	}
	e.Properties["edittime"] = at
	switch r.Intn(6) {
	case 0, 1, 2:
		e.Content += marker
	case 3:
		e.Content = "Edited previous message: " + e.Content + marker
	}
	return e
}

// arrivalTime writes a time as originalarrivaltime does: UTC with a "Z",
// and a fraction of three digits, fewer, or none (spec 1.4).
func arrivalTime(t time.Time, r *rand.Rand) string {
	s := t.UTC().Format("2006-01-02T15:04:05.000")
	if r.Intn(3) == 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + "Z"
}

// number is epoch milliseconds as a JSON number, sometimes written as a float.
func number(ms int64, float bool) json.Number {
	s := strconv.FormatInt(ms, 10)
	if float {
		s += ".0"
	}
	return json.Number(s)
}
