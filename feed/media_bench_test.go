package feed_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// BenchmarkChatPageOfPictures renders a page of 200 shared pictures, all
// kept in the archive or none, against the same page of plain text.
func BenchmarkChatPageOfPictures(b *testing.B) {
	for _, c := range []struct {
		name           string
		pictures, kept bool
	}{{"kept", true, true}, {"not-kept", true, false}, {"text", false, false}} {
		b.Run(c.name, func(b *testing.B) {
			s, err := store.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			at := time.Date(2020, 7, 6, 17, 0, 0, 0, time.UTC)
			var batch []store.Incoming
			for i := range 200 {
				id := fmt.Sprintf("0-weu-d3-%032x", i)
				body := fmt.Sprintf("a message of about the length of a picture's, number %d, with some more words", i)
				if c.pictures {
					body = `<URIObject type="Picture.1" uri="https://api.asm.skype.com/v1/objects/` + id + `" doc_id="` + id +
						`" width="64" height="48">To view this shared photo, go to: <a href="https://login.skype.com/login/sso?docid=` + id +
						`">https://login.skype.com/login/sso?docid=` + id + `</a><OriginalName v="IMG_` + fmt.Sprint(i) + `.png"/><FileSize v="5000"/></URIObject>`
				}
				if c.kept {
					if _, err := s.PutMediaPart(id, store.MediaContent, strings.NewReader(strings.Repeat("x", 5000)), 5000); err != nil {
						b.Fatal(err)
					}
					if _, err := s.PutMedia(store.Media{ID: id, Name: fmt.Sprintf("IMG_%d.png", i), Type: "image/png", Size: 5000}); err != nil {
						b.Fatal(err)
					}
				}
				batch = append(batch, store.Incoming{Chat: "8:bob", Source: "bench", Ref: id, Author: "bob", Time: at.Add(time.Duration(i) * time.Minute),
					Type: "SAID", Body: body})
			}
			if _, err := s.Ingest(b.Context(), batch); err != nil {
				b.Fatal(err)
			}
			if err := s.WaitIndexed(b.Context()); err != nil {
				b.Fatal(err)
			}
			timeRequests(b, (&feed.Server{Store: s, Version: "bench"}).Handler(), "/chats/8:bob/", nil, 200)
		})
	}
}
