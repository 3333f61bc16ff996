// Package markup is the one reader of Skype message markup: from a
// message's type and body it derives both the plain text the store indexes
// and hashes (Text) and the safe HTML pages and feeds show (HTML), in one
// pass of one renderer, so that the two always say the same.
//
// Bodies are Skype markup: XML-escaped text with a few elements
// (skype-export-formats.md 1.7), or, from the live API, plain text that may
// hold a literal <, > or & (skype-desktop-api.md 3.5). Rows that are not
// said text (calls, SMS, contact requests, member and topic changes, …)
// show as a short line of what happened (events.go).
//
// Text(typ, body) is exactly the visible text of HTML(typ, body, nil): what
// a browser's innerText reads of it (runs of white space one space, none at
// line ends, <br> and the edges of blocks line breaks), trimmed. With Files,
// HTML also says what the archive keeps of a shared file (its size or name
// when the body lacks them, or that it is not in the archive): that is the
// archive's state, which changes when files are copied, not the message's.
package markup
