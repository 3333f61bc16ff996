package feed

import (
	"cmp"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/store"
)

const (
	// hitsPerPage is how many hits a page of results shows.
	hitsPerPage = 20
	// contextBytes is about how much of the messages around a hit it shows.
	contextBytes = 160
	// nameChoices is how many display names the author field offers.
	nameChoices = 500
)

// searchSorts are the orders results come in, the first by default.
var searchSorts = []struct{ Value, Label string }{
	{"relevance", "Most relevant"}, {"newest", "Newest first"}, {"oldest", "Oldest first"},
}

type hitRow struct {
	URL, Chat, UTC, ISO, Local, Author string
	Fragment                           []store.Span
	Before, After                      *contextRow
	Suspect                            bool // the time is impossible
}

// resultPages leads from a page of results to the others.
type resultPages struct {
	Page, Pages int
	Open        bool // more pages than counted: Pages is a lower bound
	Prev, Next  string
}

type contextRow struct {
	Author, Local, Text string
}

type chatChoice struct {
	WebID, Title string
	Selected     bool
}

// searchForm is what the search form asks: the words, and filters that
// become the query syntax's fields, so that a search is one query whether
// typed or picked (and its feed, /search.atom?q=…, the same search).
type searchForm struct {
	Q, Chat, From, Since, Until, Sort string
	Page                              int
}

// maxResultPages is the deepest page of results: a search shows its first
// store.MaxSearchDepth hits.
const maxResultPages = store.MaxSearchDepth / hitsPerPage

// readSearchForm reads the search form from the address; page is a number
// from 1 to maxResultPages (an error otherwise).
func readSearchForm(v url.Values) (searchForm, error) {
	f := searchForm{Q: strings.TrimSpace(v.Get("q")), Chat: v.Get("chat"), From: strings.TrimSpace(v.Get("from")),
		Since: v.Get("since"), Until: v.Get("until"), Sort: v.Get("sort")}
	var err error
	if f.Page, err = intParam(v, "page", 1, 1, maxResultPages); err != nil {
		return f, err
	}
	if !slices.ContainsFunc(searchSorts, func(o struct{ Value, Label string }) bool { return o.Value == f.Sort }) {
		f.Sort = searchSorts[0].Value
	}
	return f, nil
}

// query is the search the form asks for, in the query syntax.
func (f searchForm) query() string {
	parts := []string{f.Q}
	if f.Chat != "" {
		parts = append(parts, store.Filter("chat", f.Chat))
	}
	if f.From != "" {
		parts = append(parts, store.Filter("from", f.From))
	}
	if f.Since != "" || f.Until != "" {
		parts = append(parts, "date:"+f.Since+".."+f.Until)
	}
	return strings.TrimSpace(strings.Join(parts, " "))
}

// values is the form as a URL query, on the given page.
func (f searchForm) values(page int) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"q": f.Q, "chat": f.Chat, "from": f.From, "since": f.Since, "until": f.Until} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Sort != searchSorts[0].Value {
		v.Set("sort", f.Sort)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return v
}

// search shows the search form and a page of results (GET /search): each
// hit with the messages before and after it, what matched highlighted.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	start := time.Now()
	form, err := readSearchForm(r.URL.Query())
	if err != nil {
		s.showError(w, http.StatusBadRequest, "This address asks for "+err.Error()+".")
		return
	}
	view := struct {
		page
		Form                             searchForm
		Sorts                            []pickerOption
		Chats                            []chatChoice
		Names                            []string
		Asked                            bool
		Total                            int
		TotalAtLeast                     bool   // more than Total match
		Ranked                           int    // a broad search ranks its newest matches only:
		RankedSince, AllByTimeURL        string // since that day; newest first lists them all
		Hits                             []hitRow
		Pages                            resultPages
		Error, Took, FeedURL, ShownQuery string
		Downloads                        downloads // the results as files
	}{page: s.page(form.Q), Form: form}
	view.NoSearchBox = true
	for _, o := range searchSorts {
		view.Sorts = append(view.Sorts, pickerOption{Value: o.Value, Label: o.Label, Selected: o.Value == form.Sort})
	}
	chats, err := s.Store.Chats(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	slices.SortFunc(chats, func(a, b store.Chat) int { return cmp.Compare(strings.ToLower(a.Title()), strings.ToLower(b.Title())) })
	for _, c := range chats {
		view.Chats = append(view.Chats, chatChoice{WebID: c.WebID, Title: chatTitle(c), Selected: c.WebID == form.Chat})
	}
	names, err := s.Store.AuthorNames(ctx, nameChoices)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	for _, n := range names {
		view.Names = append(view.Names, cleanName(n))
	}
	query := form.query()
	if _, asked := r.URL.Query()["q"]; !asked && query == "" { // the form alone, before any search
		s.render(w, r, "search", view)
		return
	}
	opts := store.SearchOptions{Limit: hitsPerPage, Offset: (form.Page - 1) * hitsPerPage, Context: true,
		ByTime: form.Sort != "relevance", Oldest: form.Sort == "oldest", Quick: true}
	res, err := s.Store.Search(ctx, query, opts)
	if msg := queryMistake(err); msg != "" { // the form again, saying what to mend
		view.Error = msg
		code := http.StatusBadRequest
		if errors.Is(err, store.ErrEmptyQuery) {
			code = http.StatusOK // the search box sent empty
		}
		s.renderStatus(w, r, code, "search", view)
		return
	}
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	view.ShownQuery = query
	view.Feeds = []feedLink{{Title: "Search: " + query, URL: absURL(r, s.link("/search.atom?q="+url.QueryEscape(query)))}}
	view.FeedURL = s.link("/search.atom?q=" + url.QueryEscape(query))
	view.Total, view.TotalAtLeast = res.Total, res.TotalAtLeast
	view.Downloads = s.downloadsOf("these results", "/search/export", form.values(1))
	reach := res.Total // the hits the pages reach
	if !res.RankedSince.IsZero() {
		reach, view.Ranked = res.Ranked, res.Ranked
		view.RankedSince = res.RankedSince.Format(dayLayout)
		byTime := form
		byTime.Sort = "newest"
		view.AllByTimeURL = s.link("/search?" + byTime.values(1).Encode())
	}
	pages := max((reach+hitsPerPage-1)/hitsPerPage, 1)
	view.Pages = resultPages{Page: form.Page, Pages: pages, Open: res.TotalAtLeast && res.RankedSince.IsZero()}
	link := func(p int) string { return s.link("/search?" + form.values(p).Encode()) }
	if form.Page > 1 {
		view.Pages.Prev = link(form.Page - 1)
	}
	if form.Page < pages || view.Pages.Open && len(res.Hits) == hitsPerPage {
		view.Pages.Next = link(form.Page + 1)
	}
	for _, h := range res.Hits {
		view.Hits = append(view.Hits, hitRow{
			URL:  s.link(messageURL(h.Chat.WebID, h.Message.Key)), // the chat finds the page: one look-up per click, not per hit
			Chat: chatTitle(h.Chat), Author: displayName(h.Message), Fragment: h.Fragment,
			UTC: h.Message.Time.UTC().Format(utcLayout), ISO: h.Message.Time.UTC().Format(isoLayout), Local: h.Message.Time.Local().Format(localLayout),
			Before: around(h.Before), After: around(h.After), Suspect: h.Message.TimeSuspect,
		})
	}
	view.Took = elapsed(time.Since(start))
	s.render(w, r, "search", view)
}

// around is how a message next to a hit shows: who, when, a few words.
func around(m *store.Message) *contextRow {
	if m == nil {
		return nil
	}
	text := m.Text
	if m.Deleted {
		text = "(removed)"
	}
	return &contextRow{Author: displayName(*m), Local: m.Time.Local().Format(localLayout), Text: cleanXML(shorten(text, contextBytes))}
}
