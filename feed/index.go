package feed

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"slices"

	"github.com/chatchannels/chatchannels/store"
)

const (
	// indexChats is how many chats the index shows, the most recently active
	// first; /chats/ lists them all.
	indexChats = 30
	// activityWeeks is how far back the index's sparklines go.
	activityWeeks = 52
)

type activityRow struct {
	chatRow
	Spark             template.HTML
	StatsURL, FeedURL string
}

// index shows recent activity (GET /): the chats most recently active, each
// with its weeks over the last year as a sparkline, and where to subscribe.
func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	chats, err := s.Store.Chats(ctx)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	if err := s.Store.CountRecentChanges(ctx); err != nil {
		s.fail(ctx, w, err)
		return
	}
	activity, err := s.Store.Activity(ctx, activityWeeks)
	if err != nil {
		s.fail(ctx, w, err)
		return
	}
	view := struct {
		page
		Chats                    []activityRow
		Total                    int
		Status, Until            string
		AllURL, FeedURL, OPMLURL string
	}{page: s.page("", feedLink{Title: "All chats", URL: absURL(r, s.link("/feed.atom"))}), Total: len(chats),
		AllURL: s.link("/chats/"), FeedURL: s.link("/feed.atom"), OPMLURL: s.link("/subscriptions.opml")}
	if s.Skype != nil {
		view.Status = "Skype: " + s.Skype().State
	}
	if !activity.End.IsZero() {
		view.Until = activity.End.Local().Format(dayLayout)
	}
	slices.SortStableFunc(chats, func(a, b store.Chat) int { return b.LastMessageAt.Compare(a.LastMessageAt) })
	for _, c := range chats[:min(len(chats), indexChats)] {
		row := activityRow{chatRow: s.newChatRow(c), StatsURL: s.link(chatURL(c.WebID) + "stats"), FeedURL: s.link(chatURL(c.WebID) + "feed.atom")}
		if !activity.End.IsZero() {
			row.Spark = sparkline(activityLabel(activity.Weeks[c.ID], view.Until), weeksOr(activity.Weeks[c.ID]))
		}
		view.Chats = append(view.Chats, row)
	}
	s.render(w, r, "index", view)
}

// weeksOr is a chat's weeks, or a quiet year when it had none.
func weeksOr(weeks []int) []int {
	if weeks == nil {
		return make([]int, activityWeeks)
	}
	return weeks
}

// activityLabel says in words what a sparkline shows.
func activityLabel(weeks []int, until string) string {
	total, most := 0, 0
	for _, n := range weeks {
		total += n
		most = max(most, n)
	}
	if total == 0 {
		return fmt.Sprintf("No messages in the year to %s", until)
	}
	busiest := slices.IndexFunc(weeks, func(n int) bool { return n == most })
	return fmt.Sprintf("Messages per week in the year to %s: %s, at most %s (%s)", until,
		plural(total, "message", "messages"), plural(most, "message", "messages"), weeksAgo(len(weeks)-1-busiest))
}

// weeksAgo says how long ago a week was, counting the last as this one.
func weeksAgo(n int) string {
	return cmp.Or(map[int]string{0: "the last week", 1: "the week before"}[n], plural(n, "week", "weeks")+" before the last")
}
