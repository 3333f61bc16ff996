package store

import "net/url"

// ChatPath is the address of a chat's page in the web view, from its root:
// /chats/WEBID/ (the web id percent-encoded where a path needs it).
func ChatPath(webID string) string { return "/chats/" + url.PathEscape(webID) + "/" }

// MessagePath is the permalink of a message in the web view, from its root:
// the chat's page that holds it, at its anchor (/chats/WEBID/?at=KEY#m-KEY).
// Search results, feeds and exports all link a message so.
func MessagePath(webID, key string) string { return MessageAt(ChatPath(webID), key) }

// MessageAt is MessagePath from the chat's path (ChatPath), for a writer
// that links many messages of one chat.
func MessageAt(chatPath, key string) string {
	k := url.QueryEscape(key)
	return chatPath + "?at=" + k + "#m-" + k
}
