package feed_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
)

// downloadLink is a link of a page's "Download …:" lines.
var downloadLink = regexp.MustCompile(`<a href="([^"]+)" download>(\w+)</a>`)

// pageDownloads fetches a page and returns the download links it offers
// under the line that names what (format: address).
func pageDownloads(t *testing.T, base, path, what string) map[string]string {
	t.Helper()
	code, body, _ := get(t, base+path)
	if code != 200 {
		t.Fatalf("%s: %d", path, code)
	}
	_, line, ok := strings.Cut(body, `<p class="downloads">Download `+html.EscapeString(what)+`:`)
	if !ok {
		t.Fatalf("%s offers no downloads of %s", path, what)
	}
	line, _, _ = strings.Cut(line, "</p>")
	links := map[string]string{}
	for _, m := range downloadLink.FindAllStringSubmatch(line, -1) {
		links[m[2]] = html.UnescapeString(m[1])
	}
	if len(links) != 4 {
		t.Fatalf("%s: links %v, want html, txt, csv and json", path, links)
	}
	return links
}

// fetchDownload fetches a download and checks its headers: the type of its
// format, an attachment named as wanted.
func fetchDownload(t *testing.T, u, contentType, filename string) []byte {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	_, params, _ := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != contentType || params["filename"] != filename ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("%s: %d, %q, %q: want 200, %s, an attachment named %q", u, res.StatusCode, res.Header.Get("Content-Type"),
			res.Header.Get("Content-Disposition"), contentType, filename)
	}
	return body
}

// checkDownloads fetches each format of one export and reads it back:
// csv with encoding/csv, json with encoding/json, html and txt for the
// messages' text. want are the texts of the messages it must hold, in
// order.
func checkDownloads(t *testing.T, base string, links map[string]string, name string, want []string) {
	t.Helper()
	types := map[string]string{"html": "text/html; charset=utf-8", "txt": "text/plain; charset=utf-8",
		"csv": "text/csv; charset=utf-8", "json": "application/json"}
	for format, link := range links {
		body := fetchDownload(t, base+link, types[format], name+"."+format)
		var got []string
		switch format {
		case "csv":
			rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
			if err != nil {
				t.Fatalf("csv: %v", err)
			}
			for _, r := range rows[1:] {
				got = append(got, r[4])
			}
		case "json":
			var doc struct {
				Chats []struct{ Messages []struct{ Text string } }
			}
			if err := json.Unmarshal(body, &doc); err != nil {
				t.Fatalf("json: %v", err)
			}
			for _, c := range doc.Chats {
				for _, m := range c.Messages {
					got = append(got, m.Text)
				}
			}
		default: // html and txt: the texts appear, in order
			s, at := string(body), 0
			for _, w := range want {
				i := strings.Index(s[at:], w)
				if i < 0 {
					t.Errorf("%s: %q missing (or out of order) in\n%s", format, w, s)
					break
				}
				at += i + len(w)
			}
			got = want
			if format == "html" && (strings.Contains(s, "<script") || !strings.Contains(s, "Content-Security-Policy")) {
				t.Errorf("html: a script, or no policy")
			}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s holds %q, want %q", format, got, want)
		}
	}
}

// TestDownloadLinks: a chat page, a day of it and a search's results offer
// their messages for download in each format; the links, read from the
// rendered pages and fetched from a server on loopback, give attachments
// that parse and hold what the page stands for, and nothing else.
func TestDownloadLinks(t *testing.T) {
	s := mediaStore(t)
	if _, err := s.Ingest(t.Context(), []store.Incoming{{Chat: "dialog:alice+bob", Source: "test", Ref: "later", Author: "bob",
		AuthorName: "Bob", Time: time.Date(2020, 8, 1, 12, 0, 0, 0, time.UTC), Type: "SAID", Body: "a month later, think again"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitIndexed(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer((&feed.Server{Store: s, Version: "test"}).Handler())
	t.Cleanup(ts.Close)

	day := time.Date(2020, 8, 1, 12, 0, 0, 0, time.UTC).Local()
	links := pageDownloads(t, ts.URL, mediaChat+"?date="+day.Format(time.DateOnly), day.Format("Monday, 2 January 2006"))
	checkDownloads(t, ts.URL, links, "Bob "+day.Format(time.DateOnly), []string{"a month later, think again"})

	links = pageDownloads(t, ts.URL, mediaChat, "this chat")
	if _, body, _ := get(t, ts.URL+links["json"]); strings.Count(body, `"text"`) != 9 {
		t.Errorf("the whole chat: %d messages, want 9", strings.Count(body, `"text"`))
	}

	links = pageDownloads(t, ts.URL, "/search?q=think&from=bob", "these results")
	checkDownloads(t, ts.URL, links, "search think from_bob", []string{"what do you think?", "a month later, think again"})

	for _, bad := range []string{mediaChat + "export?format=pdf", mediaChat + "export?format=csv&date=2020-13-01", "/search/export?format=csv"} {
		if code, _, _ := get(t, ts.URL+bad); code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", bad, code)
		}
	}
}

// TestDownloadLinksWithToken: an archive published with an access token
// offers its downloads with the token in their links; without it a
// download is refused.
func TestDownloadLinksWithToken(t *testing.T) {
	const token = "s3cret-token_0123456789abcdefABCDEF"
	ts, _ := mediaArchive(t, token)
	links := pageDownloads(t, ts.URL, mediaChat+"?t="+token, "this chat")
	for format, link := range links {
		u, err := url.Parse(link)
		if err != nil || u.Query().Get("t") != token {
			t.Errorf("%s: %s carries no token", format, link)
		}
		if code, _, _ := get(t, ts.URL+link); code != 200 {
			t.Errorf("%s: %d", format, code)
		}
		q := u.Query()
		q.Del("t")
		if code, _, _ := get(t, ts.URL+u.Path+"?"+q.Encode()); code == 200 {
			t.Errorf("%s without the token: %d", format, code)
		}
	}
}
