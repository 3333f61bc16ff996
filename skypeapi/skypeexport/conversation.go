package skypeexport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Conversation holds the metadata of one conversation object.
//
// Fields are filled as their keys are read. Skype writes "id",
// "displayName", "properties" and "threadProperties" before "MessageList",
// so messages normally see the complete metadata; if a file puts keys after
// MessageList, messages see what was read so far (the ID falls back to the
// first message's conversationid), and Walk's done callback sees it all.
type Conversation struct {
	ID          string           // conversation MRI ("8:live:bob", "19:…@thread.skype", "28:…", "48:calllogs")
	DisplayName string           // "displayName"; "" when null
	Topic       string           // threadProperties.topic; "" if none
	Members     []string         // threadProperties.members (a JSON array, or a string holding one); nil if none
	Kind        ConversationKind // from the id prefix; 48: conversations are KindSystem and still reported
	LegacyName  string           // for "19:<base64>@p2p.thread.skype", the decoded "#a/$b;hex" name, else ""
	ReadHorizon time.Time        // properties.consumptionhorizon: the owner had read what was sent until then; zero if unknown
}

func (c *Conversation) setID(id string) {
	c.ID = id
	c.Kind = KindOf(id)
	c.LegacyName = LegacyName(id)
}

// setProperties applies a properties value: null, {}, or an object whose
// consumptionhorizon is null or "<ms>;<ms>;<id>", the first the time of the
// last message the owner had read (skype-export-formats.md 1.3). A value
// that reads otherwise says nothing.
func (c *Conversation) setProperties(raw json.RawMessage) {
	var p struct {
		Horizon *string `json:"consumptionhorizon"`
	}
	if json.Unmarshal(raw, &p) != nil || p.Horizon == nil {
		return
	}
	first, _, _ := strings.Cut(*p.Horizon, ";")
	if ms, err := strconv.ParseInt(first, 10, 64); err == nil && ms > 0 {
		c.ReadHorizon = time.UnixMilli(ms).UTC()
	}
}

type rawThreadProperties struct {
	Topic   *string         `json:"topic"`
	Members json.RawMessage `json:"members"`
}

// setThreadProperties applies a threadProperties value: null, {}, or an
// object whose members is null, an array, or a string holding an array.
func (c *Conversation) setThreadProperties(raw json.RawMessage) error {
	raw = bytes.TrimSpace(raw)
	if isNull(raw) {
		return nil
	}
	if raw[0] == '"' { // tolerate the whole object given as a JSON string
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		raw = bytes.TrimSpace([]byte(s))
		if isNull(raw) {
			return nil
		}
	}
	var tp rawThreadProperties
	if err := json.Unmarshal(raw, &tp); err != nil {
		return fmt.Errorf("threadProperties: %w", err)
	}
	if tp.Topic != nil {
		c.Topic = *tp.Topic
	}
	m := bytes.TrimSpace(tp.Members)
	if isNull(m) {
		return nil
	}
	if m[0] == '"' {
		var s string
		if err := json.Unmarshal(m, &s); err != nil {
			return fmt.Errorf("threadProperties.members: %w", err)
		}
		m = bytes.TrimSpace([]byte(s))
		if isNull(m) || len(m) == 0 {
			return nil
		}
	}
	var members []string
	if err := json.Unmarshal(m, &members); err != nil {
		return fmt.Errorf("threadProperties.members: %w", err)
	}
	c.Members = members
	return nil
}
