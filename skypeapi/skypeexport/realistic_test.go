package skypeexport

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi/synth"
)

// writeRealisticExport writes an export of n messages as Skype writes one,
// from the synth generator's realistic chats: every conversation's
// MessageList newest first; dialogs as 8: ids, groups as migrated P2P
// (19:…@p2p.thread.skype) or cloud (19:…@thread.skype) threads;
// millisecond times; own messages with a null display name; and, spread
// deterministically, edits (the edited message followed by its earlier
// copy), deletions, pictures with media references, calls, member events,
// reactions, server-generated blanks and a 48:calllogs conversation.
// Memory stays small whatever n: messages go to a scratch file first and
// are copied from there, conversation by conversation, newest first.
func writeRealisticExport(path string, n int) error {
	g := synth.New(synth.Config{Seed: 1, Messages: n})
	chats := g.Chats()
	owner := ownerOf(chats)
	ids := make([]string, len(chats))
	index := map[string]int{}
	for i, c := range chats {
		ids[i] = exportID(c, owner, i)
		index[c.Name] = i
	}

	scratch, err := os.CreateTemp("", "export-scratch-*")
	if err != nil {
		return err
	}
	defer os.Remove(scratch.Name())
	defer scratch.Close()
	type entry struct {
		chat int32
		size int32
		off  int64
	}
	var entries []entry
	var off int64
	sw := bufio.NewWriterSize(scratch, 1<<20)
	var buf []byte
	put := func(chat int, record []byte) {
		sw.Write(record)
		entries = append(entries, entry{chat: int32(chat), size: int32(len(record)), off: off})
		off += int64(len(record))
	}
	for k := 0; ; k++ {
		m, ok := g.Next()
		if !ok {
			break
		}
		c := index[m.Chat]
		t := m.Time.Add(time.Duration(k*37%1000) * time.Millisecond)
		from, name := "8:"+m.Author, m.AuthorName
		if m.Author == owner {
			name = "" // Skype writes null for the exporting account's own messages
		}
		r := exportRecord{id: ids[c], from: from, name: name, t: t, typ: "RichText", content: m.Body}
		switch {
		case k%100 == 7: // edited: the earlier copy, then the edited one (newest first once reversed)
			earlier := r
			earlier.content = m.Body + " (typo)"
			earlier.edit = t.Add(20 * time.Second)
			buf = earlier.append(buf[:0])
			put(c, buf)
			r.edit = t.Add(45 * time.Second)
		case k%500 == 11:
			r.content, r.deleted = "", t.Add(time.Minute)
		case k%200 == 13:
			doc := fmt.Sprintf("0-weu-d3-%032x", k)
			r.typ, r.media = "RichText/UriObject", doc
			r.content = `<URIObject type="Picture.1" uri="https://api.asm.skype.com/v1/objects/` + doc + `" url_thumbnail="https://api.asm.skype.com/v1/objects/` + doc +
				`/views/imgt1">To view this shared photo, go to: <a href="https://login.skype.com/login/sso?go=xmmfallback?pic=` + doc +
				`">https://login.skype.com/login/sso?go=xmmfallback?pic=` + doc + `</a><OriginalName v="IMG_` + strconv.Itoa(k) +
				`.jpg"></OriginalName><meta type="photo" originalName="IMG_` + strconv.Itoa(k) + `.jpg"></meta></URIObject>`
		case k%300 == 17:
			r.typ = "Event/Call"
			r.content = `<partlist type="ended" alt=""><part identity="` + m.Author + `"><name>` + m.AuthorName + `</name><duration>` + strconv.Itoa(k%3600) + `</duration></part></partlist>`
		case k%1000 == 19 && strings.HasPrefix(ids[c], "19:"):
			r.typ = "ThreadActivity/AddMember"
			r.content = `<addmember><eventtime>` + strconv.FormatInt(t.UnixMilli(), 10) + `</eventtime><initiator>8:` + m.Author + `</initiator><target>8:` + owner + `</target></addmember>`
		case k%2000 == 23:
			r.content, r.serverGenerated = "", true
		}
		r.reaction = k%50 == 3
		buf = r.append(buf[:0])
		put(c, buf)
	}
	if err := sw.Flush(); err != nil {
		return err
	}

	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	w := bufio.NewWriterSize(out, 1<<20)
	fmt.Fprintf(w, `{"userId":"8:%s","exportDate":"2020-07-06T20:55","conversations":[`, owner)
	var record []byte
	for c, chat := range chats {
		if c > 0 {
			w.WriteByte(',')
		}
		writeConversationHead(w, ids[c], chat, owner)
		first := true
		for i := len(entries) - 1; i >= 0; i-- {
			e := entries[i]
			if int(e.chat) != c {
				continue
			}
			record = slices.Grow(record[:0], int(e.size))[:e.size]
			if _, err := scratch.ReadAt(record, e.off); err != nil {
				return err
			}
			if !first {
				w.WriteByte(',')
			}
			first = false
			w.Write(record)
		}
		w.WriteString("]}")
	}
	// The call log: a system conversation the import skips.
	w.WriteString(`,{"id":"48:calllogs","displayName":null,"version":1594056032575,"properties":null,"threadProperties":null,"MessageList":[`)
	for i := range max(1, n/1000) {
		if i > 0 {
			w.WriteByte(',')
		}
		t := time.Date(2020, 7, 6, 17, 0, 0, 0, time.UTC).Add(-time.Duration(i) * time.Hour)
		r := exportRecord{id: "48:calllogs", from: "8:" + owner, t: t, typ: "Text", content: `{"callId":"` + strconv.Itoa(i) + `","callDirection":"outgoing"}`}
		w.Write(r.append(nil))
	}
	w.WriteString("]}]}\n")
	return w.Flush()
}

// ownerOf is the handle that is a member of every chat: the archive owner.
func ownerOf(chats []synth.Chat) string {
	for _, h := range chats[0].Members {
		if !slices.ContainsFunc(chats, func(c synth.Chat) bool { return !slices.Contains(c.Members, h) }) {
			return h
		}
	}
	panic("synth: no member common to all chats")
}

// exportID is the export's id of a synth chat: 8:<partner> for a dialog,
// the migrated P2P id for every other group, a cloud thread for the rest.
func exportID(c synth.Chat, owner string, i int) string {
	if strings.Contains(c.Name, ";") {
		for _, m := range c.Members {
			if m != owner {
				return "8:" + m
			}
		}
	}
	if i%2 == 0 {
		return "19:" + base64.StdEncoding.EncodeToString([]byte(c.Name)) + "@p2p.thread.skype"
	}
	h := fnv.New128a()
	io.WriteString(h, c.Name)
	return fmt.Sprintf("19:%x@thread.skype", h.Sum(nil))
}

func writeConversationHead(w *bufio.Writer, id string, c synth.Chat, owner string) {
	display := "null"
	props := "null"
	if strings.HasPrefix(id, "19:") {
		display = strconv.Quote(c.Topic)
		members := make([]string, len(c.Members))
		for i, m := range c.Members {
			members[i] = "8:" + m
		}
		list, _ := json.Marshal(members)
		props = fmt.Sprintf(`{"membercount":%d,"topic":%q,"members":%q,"lastjoinat":1594056032575,"version":1594056032575}`, len(members), c.Topic, list)
	}
	fmt.Fprintf(w, `{"id":%q,"displayName":%s,"version":1594056032575,"properties":{"conversationblocked":false,"lastimreceivedtime":"2020-07-06T17:20:32.575Z","consumptionhorizon":"1594056032575;1594056033000;0"},"threadProperties":%s,"MessageList":[`,
		id, display, props)
}

// exportRecord is one message as the generator writes it.
type exportRecord struct {
	id, from, name, typ, content string
	t, edit, deleted             time.Time
	media                        string
	reaction, serverGenerated    bool
}

func (r exportRecord) append(b []byte) []byte {
	ms := r.t.UnixMilli()
	b = append(b, `{"id":"`...)
	b = strconv.AppendInt(b, ms, 10)
	b = append(b, `","displayName":`...)
	if r.name == "" {
		b = append(b, "null"...)
	} else {
		b = appendJSONString(b, r.name)
	}
	b = append(b, `,"originalarrivaltime":"`...)
	b = r.t.AppendFormat(b, "2006-01-02T15:04:05.000Z")
	b = append(b, `","messagetype":`...)
	b = appendJSONString(b, r.typ)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, ms, 10)
	b = append(b, `,"content":`...)
	b = appendJSONString(b, r.content)
	b = append(b, `,"conversationid":`...)
	b = appendJSONString(b, r.id)
	b = append(b, `,"from":`...)
	b = appendJSONString(b, r.from)
	b = append(b, `,"properties":`...)
	var props []string
	if !r.edit.IsZero() {
		props = append(props, `"edittime":"`+strconv.FormatInt(r.edit.UnixMilli(), 10)+`"`)
	}
	if !r.deleted.IsZero() {
		props = append(props, `"deletetime":"`+strconv.FormatInt(r.deleted.UnixMilli(), 10)+`"`)
	}
	if r.serverGenerated {
		props = append(props, `"isserversidegenerated":true`)
	}
	if r.reaction {
		props = append(props, `"emotions":[{"key":"like","users":[{"mri":"8:someone","time":`+strconv.FormatInt(ms+5000, 10)+`,"value":"1"}]}]`)
	}
	if props == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '{')
		b = append(b, strings.Join(props, ",")...)
		b = append(b, '}')
	}
	b = append(b, `,"amsreferences":`...)
	if r.media == "" {
		b = append(b, "null"...)
	} else {
		b = append(b, `["`+r.media+`"]`...)
	}
	return append(b, '}')
}

// appendJSONString appends s as a JSON string, markup characters as they
// are (Skype does not escape them).
func appendJSONString(b []byte, s string) []byte {
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return append(b, strings.TrimSuffix(out.String(), "\n")...)
}

// TestRealisticExportImports checks the benchmark's export: it imports
// whole (each edited message once, with its earlier version; blanks and
// the call log skipped) and a second import changes nothing.
func TestRealisticExportImports(t *testing.T) {
	path := filepath.Join(t.TempDir(), "messages.json")
	const n = 5000
	if err := writeRealisticExport(path, n); err != nil {
		t.Fatal(err)
	}
	rep, s := importFresh(t, path)
	ctx := context.Background()
	edits, blanks := (n+92)/100, (n+1976)/2000
	if rep.Added != n-blanks || rep.Updated != edits || rep.SkippedBlank != blanks || rep.SkippedSystem != n/1000 {
		t.Errorf("report %+v, want %d added, %d updated, %d blank, %d system", rep, n-blanks, edits, blanks, n/1000)
	}
	again, err := Import(ctx, s, path, nil)
	if err != nil || again.Added+again.Merged+again.Updated != 0 || again.Unchanged != n-blanks+edits {
		t.Errorf("a second import: %+v (%v)", again, err)
	}
}
