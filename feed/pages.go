package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"io/fs"
	"net/url"
	"strings"
	"sync"

	"github.com/chatchannels/chatchannels/assets"
	"github.com/chatchannels/chatchannels/store"
)

// pageSize is how many messages a chat page shows.
const pageSize = 200

// page is what every page's layout needs.
type page struct {
	AssetVersion string
	Feeds        []feedLink // autodiscovery
	Query        string     // the search box's text
	Token        string     // the access token, when published beyond loopback
	Home         string
	Nav          []feedLink // the header's links: every chat, statistics
	NoSearchBox  bool       // the page is the search form itself
}

// page starts a page's view.
func (s *Server) page(query string, feeds ...feedLink) page {
	return page{AssetVersion: assetVersion, Feeds: feeds, Query: query, Token: s.Token, Home: s.link("/"),
		Nav: []feedLink{{Title: "Chats", URL: s.link("/chats/")}, {Title: "Statistics", URL: s.link("/stats")}}}
}

// link adds the access token, when there is one, to a path or URL of ours
// (before its #fragment), so that every link in pages and feeds works for
// whoever was given the token.
func (s *Server) link(u string) string {
	if s.Token == "" {
		return u
	}
	base, fragment, hasFragment := strings.Cut(u, "#")
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	base += sep + "t=" + url.QueryEscape(s.Token)
	if hasFragment {
		base += "#" + fragment
	}
	return base
}

type feedLink struct{ Title, URL string }

var (
	templatesOnce sync.Once
	templates     map[string]*template.Template
	assetVersion  string
)

// parseTemplates parses each page with the layout, once.
func parseTemplates() {
	templates = map[string]*template.Template{}
	for _, name := range []string{"index", "chat", "calendar", "search", "picker", "stats", "error"} {
		templates[name] = template.Must(template.New(name).Funcs(templateFuncs).ParseFS(assets.Templates, "templates/layout.html", "templates/"+name+".html"))
	}
	css, err := fs.ReadFile(assets.Static, "static/style.css")
	if err != nil {
		panic(err) // embedded at build time
	}
	sum := sha256.Sum256(css)
	assetVersion = hex.EncodeToString(sum[:6])
}

func pageTemplate(name string) *template.Template {
	templatesOnce.Do(parseTemplates)
	return templates[name]
}

// chatURL is the path of a chat's page.
func chatURL(webID string) string { return store.ChatPath(webID) }

// messageURL is a message's permalink: the page that holds it (?at=), at
// its anchor (store.MessagePath). Search hits and feed entries link there.
func messageURL(webID, key string) string { return store.MessagePath(webID, key) }
