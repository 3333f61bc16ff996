package feed

import (
	"hash/fnv"
	"html/template"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/markup"
)

// How a chat page lays out its messages: a separator where a local day
// begins, runs of one author's messages under one header with a badge,
// events as muted lines, and a "New" divider before the first message
// after the read position.

const (
	dayLayout  = "Monday, 2 January 2006"
	timeLayout = "15:04"
	// runGap is the longest pause within a run of one author's messages.
	runGap = 5 * time.Minute
	// badgeColours is how many colours initials badges come in (style.css
	// has a class for each).
	badgeColours = 12
)

// messageRow is one message or event on a chat page.
type messageRow struct {
	Key   string
	Alias string // the key the page was asked for, when it now names this message (folded into it)
	// Author is the handle, AuthorName the name shown, Badge their initials.
	Author, AuthorName string
	Badge              badge
	UTC, Local         string // the full time in UTC (on hover), the local time shown
	ISO                string // the time for machines (<time datetime>)
	EditedUTC          string
	Day                *dayMark // a separator before the row: a new day, or messages of unknown time
	New                bool     // the "New" divider goes before the row
	Event              bool     // something that happened (markup.IsEvent): a muted line
	Continued          bool     // in the run of the row before: no header
	Deleted, Edited    bool
	Suspect            bool // the source gave an impossible time
	HTML               template.HTML
	Versions           []versionRow   // earlier bodies, oldest first
	Reactions          []reactionView // by emotion
}

type versionRow struct {
	When string // when it was written, UTC; "" for the original
	HTML template.HTML
}

// dayMark separates the days of a chat page.
type dayMark struct {
	ID    string // the anchor: d-2013-07-30, or d-unknown
	Label string // Tuesday, 30 July 2013
}

// unknownDay groups messages whose time is impossible (a main.db's SMS
// dated 2404): they stay where their stand-in time puts them in the
// chat's order, but under a separator of their own rather than in a day
// they were not sent on.
var unknownDay = dayMark{ID: "d-unknown", Label: "Time unknown"}

// badge is a person's initials on a colour derived from their handle.
type badge struct {
	Initials string
	Colour   int // 0 to badgeColours-1
}

// messageRows lays out a page's messages. read is the chat's read position
// before this page was shown; at is the key the page was asked for, if any.
func (s *Server) messageRows(r *http.Request, pg store.Page, read store.ReadPosition, names store.Names, at string) ([]messageRow, error) {
	ctx := r.Context()
	reactions, err := s.reactions(ctx, pg.Messages)
	if err != nil {
		return nil, err
	}
	rows := make([]messageRow, 0, len(pg.Messages))
	layout := rowLayout{loc: time.Local}
	newShown := false
	for _, m := range pg.Messages {
		isNew := !newShown && read.Unread(m)
		newShown = newShown || isNew
		row := layout.next(m, authorName(m, names), isNew)
		row.Reactions = reactions[m.ID]
		if at != "" && m.ID == pg.Target.ID && m.Key != at {
			row.Alias = at
		}
		if !m.Deleted {
			row.HTML = s.renderBody(m.Type, m.Body)
		}
		if !m.EditedAt.IsZero() {
			vs, err := s.Store.Versions(ctx, m.ID)
			if err != nil {
				return nil, err
			}
			row.Versions = versionRows(m.Type, vs, s.renderBody)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// rowLayout lays out a chat's messages one at a time, in the chat's order:
// the web view's pages and the html export share it, so that both read
// alike. It remembers only the message before.
type rowLayout struct {
	loc       *time.Location // the time zone of the times shown
	day       string         // the day of the row before: 2013-07-30, or unknownDay.ID
	prev      store.Message
	prevRow   bool // there is a row before
	prevEvent bool // the row before is an event
}

// next is the row of m, written by name, with the "New" divider before it
// when isNew; what it says (HTML), its earlier versions and reactions are
// the caller's to add.
func (l *rowLayout) next(m store.Message, name string, isNew bool) messageRow {
	loc := l.loc
	if loc == nil {
		loc = time.UTC
	}
	t := m.Time.In(loc)
	row := messageRow{
		Key: m.Key, Author: m.Author, AuthorName: name, Badge: badgeFor(m.Author, name),
		UTC: m.Time.UTC().Format(utcLayout), ISO: m.Time.UTC().Format(isoLayout), Local: t.Format(timeLayout),
		Event: markup.IsEvent(m.Type), Deleted: m.Deleted, Edited: !m.EditedAt.IsZero() && !m.Deleted,
		Suspect: m.TimeSuspect, New: isNew,
	}
	if d := t.Format(time.DateOnly); m.TimeSuspect {
		row.Local = t.Format(localLayout) // no day says the date
		if l.day != unknownDay.ID {
			row.Day, l.day = &unknownDay, unknownDay.ID
		}
	} else if d != l.day {
		row.Day, l.day = &dayMark{ID: "d-" + d, Label: t.Format(dayLayout)}, d
	}
	row.Continued = l.prevRow && !row.Event && !l.prevEvent && row.Day == nil && !row.New &&
		l.prev.Author == m.Author && m.Time.Sub(l.prev.Time) < runGap
	if row.Edited {
		row.EditedUTC = m.EditedAt.UTC().Format(utcLayout)
	}
	l.prev, l.prevRow, l.prevEvent = m, true, row.Event
	return row
}

// versionRows shows the earlier bodies of an edited or deleted message of
// type typ, rendered by render.
func versionRows(typ string, vs []store.Version, render func(typ, body string) template.HTML) []versionRow {
	var rows []versionRow
	for _, v := range vs {
		row := versionRow{HTML: render(typ, v.Body)}
		if !v.EditedAt.IsZero() {
			row.When = v.EditedAt.UTC().Format(utcLayout)
		}
		rows = append(rows, row)
	}
	return rows
}

// localDate is the local day of t, as 2013-07-30.
func localDate(t time.Time) string { return t.Local().Format(time.DateOnly) }

// authorName is who wrote a message, fit for a page or a feed: the name
// the message gave, else the name the archive knows them by (names may be
// nil), else their handle.
func authorName(m store.Message, names store.Names) string {
	if m.AuthorName != "" {
		return cleanName(m.AuthorName)
	}
	return cleanName(names.Of(m.Author))
}

// memberNames lists a chat's members by name.
func memberNames(members []string, names store.Names) string {
	out := make([]string, len(members))
	for i, h := range members {
		out[i] = cleanName(names.Of(h))
	}
	return strings.Join(out, ", ")
}

// badgeFor is a person's badge: the initials of their name, on the colour
// their handle hashes to (the same wherever and under whatever name they
// appear).
func badgeFor(handle, name string) badge {
	h := fnv.New32a()
	h.Write([]byte(handle))
	return badge{Initials: initials(handle, name), Colour: int(h.Sum32() % badgeColours)}
}

// initials are the first letters of a name's first and last words
// ("Gen Beringer": "GB"), or of a handle without its prefix when that is
// all there is; "#" when there are no letters (a phone number).
func initials(handle, name string) string {
	if name == handle {
		name = name[strings.LastIndexByte(name, ':')+1:]
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 {
		return "#"
	}
	first := func(w string) string {
		r, _ := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(r))
	}
	if len(words) == 1 {
		return first(words[0])
	}
	return first(words[0]) + first(words[len(words)-1])
}
