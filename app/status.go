package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

var statusCommand = &command{
	name:    "status",
	summary: "say where the archive is, how big, how far its search index got, whether Chat Channels runs, and Skype's state",
	details: `With --json, one JSON object:
  {"version": "0.1.0", "data": "/home/alice/.local/share/chatchannels",
   "chats": 12, "messages": 48210, "index_lag": 0,
   "running": {"url": "http://127.0.0.1:8006/", "pid": 4242, "version": "0.1.0"},
   "skype": {"state": "attached as alice", "user": "alice", "protocol": 8, "syncing": ""}}
"version" is this program's. "index_lag" counts the changes the search index has
yet to take in (null when another process holds the index and does not say).
"running" and "skype" are null when Chat Channels does not run on this data
folder; "skype" comes from the running one, as at its /api/status.`,
	examples: []string{"status", "status --json"},
	define: func(fs *flag.FlagSet) runFunc {
		asJSON := fs.Bool("json", false, "print the status as JSON (the shape is in the help)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected %q: status takes only flags", args[0])
			}
			return runStatus(ctx, e, *asJSON)
		}
	},
}

// statusJSON is what `status --json` prints. The field names are a
// contract with scripts: add fields, never rename or drop one.
type statusJSON struct {
	Version  string            `json:"version"`
	Data     string            `json:"data"`
	Chats    int               `json:"chats"`
	Messages int               `json:"messages"`
	IndexLag *int64            `json:"index_lag"`
	Running  *runningJSON      `json:"running"`
	Skype    *feed.SkypeStatus `json:"skype"`
}

// runningJSON is the Chat Channels running on the data folder.
type runningJSON struct {
	URL     string `json:"url"`
	PID     int    `json:"pid"`
	Version string `json:"version"`
}

func runStatus(ctx context.Context, e *env, asJSON bool) error {
	st, err := archiveStatus(ctx, e.dataDir)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if asJSON {
		return writeJSON(e.stdout, st)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "data folder:\t%s\n", termsafe.Line(st.Data))
	fmt.Fprintf(w, "archive:\t%s chats, %s messages\n", thousands(int64(st.Chats)), thousands(int64(st.Messages)))
	switch {
	case st.IndexLag == nil:
		fmt.Fprintf(w, "search index:\tin use by another Chat Channels process\n")
	case *st.IndexLag == 0:
		fmt.Fprintf(w, "search index:\tup to date\n")
	default:
		fmt.Fprintf(w, "search index:\t%s changes behind\n", thousands(*st.IndexLag))
	}
	if st.Running == nil {
		fmt.Fprintf(w, "running:\tno\n")
	} else {
		fmt.Fprintf(w, "running:\tyes, on %s (process %d, version %s)\n", termsafe.Line(st.Running.URL), st.Running.PID, termsafe.Line(st.Running.Version))
		fmt.Fprintf(w, "skype:\t%s\n", termsafe.Line(skypeLine(*st.Skype)))
	}
	return w.Flush()
}

// archiveStatus gathers the status of the archive in dir.
func archiveStatus(ctx context.Context, dir string) (statusJSON, error) {
	st := statusJSON{Version: Version, Data: dir}
	if err := archiveExists(dir); err != nil {
		return st, err
	}
	s, err := store.OpenDB(dir)
	if err != nil {
		return st, err
	}
	defer s.Close()
	counts, err := s.Counts(ctx)
	if err != nil {
		return st, err
	}
	st.Chats, st.Messages = counts.Chats, counts.Messages
	if in := runningInstance(ctx, dir); in != nil {
		st.Running = &runningJSON{URL: in.url.String(), PID: in.pid, Version: in.status.Version}
		st.Skype = &in.status.Skype
		st.IndexLag = &in.status.IndexLag
		return st, nil
	}
	lag, err := s.IndexLag(ctx)
	switch {
	case errors.Is(err, store.ErrIndexInUse): // an import bringing it up to date, say
	case err != nil:
		return st, err
	default:
		st.IndexLag = &lag
	}
	return st, nil
}

// skypeLine says what the live collection is doing.
func skypeLine(sk feed.SkypeStatus) string {
	if sk.Syncing != "" {
		return sk.State + ", copying " + sk.Syncing
	}
	return sk.State
}
