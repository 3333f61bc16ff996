// Package export writes the archive, or the part of it a Filter picks, as
// files: the plain log people paste (txt), a table for spreadsheets (csv)
// and a documented, versioned JSON (json, its schema in schema.json). Other
// formats are other Writers: the Skype-shaped messages.json lives with the
// reader of Skype exports (skypeapi/skypeexport), and html, a page per chat
// that reads like the web view's, with the web view's rows (feed).
//
// One streaming source feeds every format (Run): it walks the chats one by
// one and each chat's messages a page at a time after a cursor
// (store.MessagePages), so memory stays flat whatever the archive's size.
// A search filter is the set of its hits' ids (store.SearchSet), a few
// bytes a hit, checked as the pages go by.
//
// The package needs only the store, so that the web view can offer the
// same files for download.
package export
