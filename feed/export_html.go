package feed

import (
	"bufio"
	"context"
	"fmt"
	"html"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/chatchannels/chatchannels/assets"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
)

// The html export is the web view's chat page as a file: the same rows
// (rowLayout, rowWriter, store/markup), the same style sheet, inlined,
// and nothing that runs or loads from elsewhere: no script, no link to a
// resource, and a Content-Security-Policy that forbids both, so that the
// file opens offline in any browser and tells nobody it was opened.
// Pictures are embedded or written beside the file (exportFiles).

// exportCSP is the policy an exported page carries: styles in the page,
// pictures embedded (data:) or beside it (file: and the page's own
// origin), nothing else at all.
const exportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: file: 'self'; base-uri 'none'; form-action 'none'"

// ExportFolder is where an html export writes its files: a page per chat
// and the kept files beside them.
type ExportFolder interface {
	// Create opens a new file at name, a slash-separated path inside the
	// folder. The file appears under its name only once the whole export
	// is complete; Close ends the writing of it.
	Create(name string) (io.WriteCloser, error)
}

// NewHTMLExport writes each chat as a page of its own in folder, named for
// the chat ("Project X.html"), with the kept files too large to embed
// beside it ("Project X_files/"). Times read in Meta.Location.
func NewHTMLExport(ctx context.Context, s *store.Store, folder ExportFolder) export.Writer {
	return &htmlExport{ctx: ctx, store: s, folder: folder, used: map[string]bool{}}
}

// NewHTMLDownload writes the chats as one page to w, each under its own
// heading: what the web view's download links give. Pictures up to
// embedLimit are embedded; larger files are named but left out, as a
// single file has nowhere else to put them.
func NewHTMLDownload(ctx context.Context, s *store.Store, w io.Writer) export.Writer {
	return &htmlExport{ctx: ctx, store: s, out: bufio.NewWriterSize(w, 64<<10)}
}

// htmlExport writes the html export, to a folder (a page per chat) or to
// one stream (one page).
type htmlExport struct {
	ctx    context.Context
	store  *store.Store
	folder ExportFolder    // nil: one page, to out
	used   map[string]bool // the page names given so far, folded to lower case
	meta   export.Meta

	out     *bufio.Writer
	file    io.WriteCloser // the chat's page, in a folder
	chatOn  bool           // a chat's list is open
	layout  rowLayout
	rows    rowWriter
	files   exportFiles
	names   store.Names       // the archive's names of the chat's people, looked up as they appear
	written map[string]string // the names people wrote under in this chat, for reactions
}

// Needs implements export.Writer.
func (h *htmlExport) Needs() export.Needs { return export.Needs{Versions: true, Reactions: true} }

// Begin implements export.Writer.
func (h *htmlExport) Begin(meta export.Meta) error {
	h.meta = meta
	if h.meta.Location == nil {
		h.meta.Location = time.UTC
	}
	h.files = exportFiles{store: h.store}
	if h.folder != nil {
		return nil
	}
	title := "Chat Channels export"
	if len(meta.Chats) == 1 {
		title = meta.Chats[0].Title()
	}
	h.head(title)
	return h.out.Flush()
}

// Chat implements export.Writer.
func (h *htmlExport) Chat(c store.Chat) error {
	if err := h.endChat(); err != nil {
		return err
	}
	if h.folder != nil {
		name := h.pageName(c)
		f, err := h.folder.Create(name + ".html")
		if err != nil {
			return err
		}
		h.file = f
		if h.out == nil {
			h.out = bufio.NewWriterSize(f, 64<<10)
		} else {
			h.out.Reset(f)
		}
		h.files.beside = &besideFiles{folder: h.folder, dir: name + "_files", copied: map[string]string{}}
		h.head(c.Title())
	}
	h.layout = rowLayout{loc: h.meta.Location}
	h.written = map[string]string{}
	names, err := h.store.PersonNames(h.ctx, c.Members)
	if err != nil {
		return err
	}
	h.names = names
	h.chatOn = true
	h.rows.Reset()
	h.rows.WriteString(`<section class="chat"><h1>`)
	h.rows.text(cleanXML(c.Title()))
	h.rows.WriteString(`</h1>` + "\n")
	if len(c.Members) > 0 {
		h.rows.WriteString(`<p class="meta">`)
		h.rows.text(memberNames(c.Members, names))
		h.rows.WriteString("</p>\n")
	}
	h.rows.WriteString(`<ol class="messages">` + "\n")
	_, err = h.out.Write(h.rows.Bytes())
	return err
}

// Message implements export.Writer.
func (h *htmlExport) Message(m export.Message) error {
	name := h.authorName(m.Message)
	h.written[m.Author] = name
	row := h.layout.next(m.Message, name, false)
	if !m.Deleted {
		row.HTML = h.files.render(m.Type, m.Body)
	}
	if len(m.Versions) > 0 {
		row.Versions = versionRows(m.Type, m.Versions, h.files.render)
	}
	if len(m.Reactions) > 0 {
		for _, r := range m.Reactions { // people who reacted before they wrote: by the archive's name
			if _, ok := h.written[r.User]; !ok && h.names[r.User] != "" {
				h.written[r.User] = cleanXML(h.names[r.User])
			}
		}
		row.Reactions = groupReactions(m.Reactions, h.written)
	}
	if err := h.files.err; err != nil {
		return err
	}
	h.rows.Reset()
	h.rows.row(&row)
	_, err := h.out.Write(h.rows.Bytes())
	return err
}

// End implements export.Writer.
func (h *htmlExport) End() error {
	if h.folder != nil {
		return h.endChat()
	}
	if err := h.endChat(); err != nil {
		return err
	}
	h.foot()
	return h.out.Flush()
}

// endChat closes the chat being written, and in a folder its page.
func (h *htmlExport) endChat() error {
	if !h.chatOn {
		return nil
	}
	h.chatOn = false
	h.out.WriteString("</ol></section>\n")
	if h.folder == nil {
		return nil
	}
	h.foot()
	if err := h.out.Flush(); err != nil {
		return err
	}
	f := h.file
	h.file = nil
	return f.Close()
}

// authorName is who wrote m: the name the message gave, else the one the
// archive knows them by (looked up once a chat).
func (h *htmlExport) authorName(m store.Message) string {
	if m.AuthorName != "" {
		return cleanXML(m.AuthorName)
	}
	if _, ok := h.names[m.Author]; !ok {
		found, err := h.store.PersonNames(h.ctx, []string{m.Author})
		if err == nil {
			h.names[m.Author] = found[m.Author]
		}
	}
	return cleanXML(h.names.Of(m.Author))
}

// pageName is the name of a chat's page in the folder, without ".html":
// its title as a plain file name (plainFileName), made unique (ignoring case, as
// Windows does) with " (2)", " (3)"….
func (h *htmlExport) pageName(c store.Chat) string {
	base := plainFileName(c.Title())
	if base == "" {
		base = plainFileName(c.WebID)
	}
	name := base
	for i := 2; h.used[strings.ToLower(name)]; i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	h.used[strings.ToLower(name)] = true
	return name
}

// plainFileName makes a title a file name every system takes: no
// folders, control or bidi characters (store.CleanFileName), none of the
// characters Windows reserves (each becomes "_"), no trailing dot or
// space, no device name (CON becomes CON_), at most 120 bytes. It may
// return "".
func plainFileName(title string) string {
	name := store.CleanFileName(strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_' // a slash in a title is no folder
		}
		return r
	}, cleanXML(title)))
	if len(name) > 120 {
		name = strings.ToValidUTF8(name[:120], "")
	}
	name = strings.TrimRight(name, ". ") // Windows drops them
	if store.ReservedOnWindows(name) {
		name += "_" // "CON.html" would be the console
	}
	return name
}

// head starts a page: the policy, the style sheet and the top bar.
func (h *htmlExport) head(title string) {
	w := h.out
	w.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	w.WriteString(`<meta http-equiv="Content-Security-Policy" content="` + exportCSP + `">` + "\n")
	w.WriteString(`<meta name="referrer" content="no-referrer">` + "\n")
	w.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">` + "\n")
	w.WriteString(`<meta name="generator" content="` + html.EscapeString(h.meta.Generator) + `">` + "\n<title>")
	w.WriteString(html.EscapeString(cleanXML(title)))
	w.WriteString(" · Chat Channels</title>\n<style>\n")
	w.WriteString(exportStyle())
	w.WriteString("</style>\n</head>\n<body>\n<header class=\"top\"><span class=\"home\">Chat Channels</span></header>\n<main>\n")
}

// foot ends a page with what the export holds and when it was made.
func (h *htmlExport) foot() {
	w := h.out
	w.WriteString(`<footer class="meta"><p>`)
	w.WriteString(html.EscapeString(describeFilter(h.meta.Filter, h.meta.Location)))
	w.WriteString("<br>Exported ")
	if !h.meta.ExportedAt.IsZero() {
		w.WriteString(html.EscapeString(h.meta.ExportedAt.In(h.meta.Location).Format(localLayout + " MST")))
	}
	if h.meta.Generator != "" {
		w.WriteString(" by " + html.EscapeString(h.meta.Generator))
	}
	zone := h.meta.Location.String()
	if h.meta.Location == time.Local {
		zone = "the exporting computer's local time"
	}
	w.WriteString("; times are " + html.EscapeString(zone) + ", in UTC on hover.</p></footer>\n</main>\n</body>\n</html>\n")
}

// describeFilter says in words what an export holds.
func describeFilter(f export.Filter, loc *time.Location) string {
	parts := []string{"Messages"}
	if !f.Since.IsZero() {
		parts = append(parts, "from "+f.Since.In(loc).Format(localLayout))
	}
	if !f.Until.IsZero() {
		parts = append(parts, "before "+f.Until.In(loc).Format(localLayout))
	}
	if f.Author != "" {
		parts = append(parts, "by "+cleanXML(f.Author))
	}
	if f.Query != "" {
		parts = append(parts, "matching “"+cleanXML(f.Query)+"”")
	}
	if len(parts) == 1 {
		return "Every message."
	}
	return strings.Join(parts, " ") + "."
}

// exportStyle is the web view's style sheet, which exported pages carry
// inline.
var exportStyle = sync.OnceValue(func() string {
	css, err := assets.Static.ReadFile("static/style.css")
	if err != nil {
		panic("feed: the embedded style sheet is missing: " + err.Error())
	}
	return strings.ReplaceAll(string(css), "</", `<\/`)
})
