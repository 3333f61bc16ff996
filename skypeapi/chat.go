package skypeapi

import (
	"context"
	"strconv"
	"time"
)

// Chat is what an archiver reads of a chat (spec 3.3).
type Chat struct {
	Name          string
	Topic         string
	FriendlyName  string
	Type          string // LEGACY_DIALOG, DIALOG, MULTICHAT, …
	DialogPartner string
	Members       []string
	Bookmarked    bool
	Activity      time.Time // ACTIVITY_TIMESTAMP
}

var chatProps = []string{"TOPIC", "FRIENDLYNAME", "TYPE", "DIALOG_PARTNER", "MEMBERS", "BOOKMARKED", "ACTIVITY_TIMESTAMP"}

// Chat reads a chat's properties. A chat Skype cannot serve (a cloud chat,
// spec 3.2) fails with *Error code ErrInvalidChatName.
func (c *Client) Chat(ctx context.Context, name string) (Chat, error) {
	v, err := c.getAll(ctx, "CHAT", name, chatProps)
	if err != nil {
		return Chat{}, err
	}
	return Chat{
		Name: name, Topic: v["TOPIC"], FriendlyName: v["FRIENDLYNAME"], Type: v["TYPE"],
		DialogPartner: v["DIALOG_PARTNER"], Members: IDs(v["MEMBERS"]), Bookmarked: v["BOOKMARKED"] == "TRUE",
		Activity: unixTime(v["ACTIVITY_TIMESTAMP"]),
	}, nil
}

// ChatNames lists every chat Skype knows: the union of SEARCH CHATS,
// RECENTCHATS and BOOKMARKEDCHATS (spec 3.8), in the order first seen.
func (c *Client) ChatNames(ctx context.Context) ([]string, error) {
	var names []string
	seen := map[string]bool{}
	for _, what := range []string{"CHATS", "RECENTCHATS", "BOOKMARKEDCHATS"} {
		list, err := c.Search(ctx, what)
		if err != nil {
			return nil, err
		}
		for _, n := range list {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return names, nil
}

// ChatMessageIDs lists the ids of a chat's messages (not in time order).
// With recent, only the missed or recent ones (RECENTCHATMESSAGES).
func (c *Client) ChatMessageIDs(ctx context.Context, chat string, recent bool) ([]string, error) {
	prop := "CHATMESSAGES"
	if recent {
		prop = "RECENTCHATMESSAGES"
	}
	v, err := c.Get(ctx, "CHAT", chat, prop)
	if err != nil {
		return nil, err
	}
	return IDs(v), nil
}

// ChatMessage is a chat message as Skype reports it (spec 3.4). Its ID is
// valid only while this Skype runs.
type ChatMessage struct {
	ID           string
	Chat         string
	Time         time.Time
	FromHandle   string
	FromDispname string
	Type         string // SAID, EMOTED, SETTOPIC, …
	Status       string // SENDING, SENT, RECEIVED, READ
	Body         string
	EditedBy     string
	EditedAt     time.Time // zero if never edited
}

var chatMessageProps = []string{"CHATNAME", "TIMESTAMP", "FROM_HANDLE", "FROM_DISPNAME", "TYPE", "STATUS", "BODY", "EDITED_BY", "EDITED_TIMESTAMP"}

// ChatMessage reads a message's properties, pipelined.
func (c *Client) ChatMessage(ctx context.Context, id string) (ChatMessage, error) {
	v, err := c.getAll(ctx, "CHATMESSAGE", id, chatMessageProps)
	if err != nil {
		return ChatMessage{}, err
	}
	return ChatMessage{
		ID: id, Chat: v["CHATNAME"], Time: unixTime(v["TIMESTAMP"]),
		FromHandle: v["FROM_HANDLE"], FromDispname: v["FROM_DISPNAME"], Type: v["TYPE"], Status: v["STATUS"],
		Body: v["BODY"], EditedBy: v["EDITED_BY"], EditedAt: unixTime(v["EDITED_TIMESTAMP"]),
	}, nil
}

// unixTime reads UNIX seconds; 0 and garbage are the zero time.
func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n == 0 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}
