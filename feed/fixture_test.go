package feed_test

import (
	"fmt"
	"math/rand"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// The archive pages are shown and screenshotted with: three chats over two
// years, people with display names, a busy day, long silences, a topic
// change (an event), a message from an impossible time, an unbreakable
// word and a hostile name.
const (
	groupChat  = "#alice/$bob;0123456789abcdef"
	dialogChat = "#alice/$dave;fedcba9876543210"
	clubChat   = "#carol/$0a1b2c3d4e5f6789"
)

var fixturePeople = map[string]string{"alice": "Alice Anders", "bob": "Bob Müller", "carol": "Carol", "dave": "Dave <Dee>"}

var fixtureWords = strings.Fields(`the plan for friday looks good to me see you at the station tomorrow morning
	did you read the chapter about rivers we should book the tickets soon trip photos are up`)

// archiveServer builds that archive and serves it.
func archiveServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	s, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := t.Context()
	for _, c := range []store.ChatInfo{
		{Name: groupChat, Topic: "Project <X>", Members: []string{"alice", "bob", "carol"}},
		{Name: dialogChat, Members: []string{"alice", "dave"}},
		{Name: clubChat, Topic: "Book club", Members: []string{"carol", "alice", "bob"}},
	} {
		if _, err := s.EnsureChat(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewSource(12))
	start := time.Date(2012, 3, 1, 0, 0, 0, 0, time.UTC)
	var batch []store.Incoming
	add := func(chat, author string, at time.Time, typ, body string) {
		batch = append(batch, store.Incoming{Chat: chat, Source: "test", Ref: fmt.Sprint(len(batch)), Author: author,
			AuthorName: fixturePeople[author], Time: at, Type: typ, Body: body})
	}
	members := map[string][]string{groupChat: {"alice", "bob", "carol"}, dialogChat: {"alice", "dave"}, clubChat: {"carol", "alice", "bob"}}
	for day := 0; day < 700; day++ {
		for _, chat := range []string{groupChat, dialogChat, clubChat} {
			if chat == clubChat && (day < 200 || day > 260 && day < 400) || r.Intn(4) == 0 {
				continue // the club is younger, and quiet for months
			}
			n := 1 + r.Intn(4)
			if day == 333 && chat == groupChat {
				n = 60 // the busy day
			}
			at := start.AddDate(0, 0, day).Add(time.Duration(8+r.Intn(13)) * time.Hour).Add(time.Duration(r.Intn(3600)) * time.Second)
			for range n {
				who := members[chat][r.Intn(len(members[chat]))]
				words := make([]string, 2+r.Intn(8))
				for i := range words {
					words[i] = fixtureWords[r.Intn(len(fixtureWords))]
				}
				add(chat, who, at, "SAID", strings.Join(words, " "))
				at = at.Add(time.Duration(20+r.Intn(200)) * time.Second)
			}
		}
	}
	add(groupChat, "bob", start.Add(26*time.Hour), "SETTOPIC", "Project &lt;X&gt;")
	add(groupChat, "bob", time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC), "SAID", "a message from an impossible time")
	batch[len(batch)-1].TimeSuspect = true // as the importers flag it
	add(dialogChat, "dave", start.AddDate(0, 0, 699).Add(23*time.Hour), "SAID",
		"the last word: "+strings.Repeat("unbreakable", 12)+" and a needle")
	if _, err := s.Ingest(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)
	return ts, s
}

// webID is the web id of a chat of the archive.
func webID(t *testing.T, s *store.Store, name string) string {
	t.Helper()
	c, err := s.FindChat(t.Context(), name)
	if err != nil {
		t.Fatal(err)
	}
	return c.WebID
}
