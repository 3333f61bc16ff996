package app

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/app/setup"
	"github.com/chatchannels/chatchannels/feed"
)

// instance is the Chat Channels running on a data folder (the tray or
// serve), as another command reaches it: over its web server on loopback.
type instance struct {
	url    *url.URL // its web view, with the access token when it publishes
	pid    int
	status feed.Status // what it said when found
}

// askTimeout bounds finding the running instance; searching gets longer.
const (
	askTimeout    = 3 * time.Second
	searchTimeout = time.Minute
)

// runningInstance finds the Chat Channels running on dataDir: the record
// it keeps in the data folder names its address and process, and the
// process answering there must say it is that one. nil when none runs (no
// record, a stale one, or another program on that port).
func runningInstance(ctx context.Context, dataDir string) *instance {
	info, ok := setup.ReadInstanceInfo(dataDir)
	if !ok {
		return nil
	}
	u, err := url.Parse(info.URL)
	if err != nil || u.Scheme != "http" || !isLoopback(u.Hostname()) {
		return nil // only ever ask this machine
	}
	in := &instance{url: u, pid: info.PID}
	ctx, cancel := context.WithTimeout(ctx, askTimeout)
	defer cancel()
	if err := in.get(ctx, "/api/status", nil, &in.status); err != nil || in.status.PID != info.PID {
		return nil
	}
	return in
}

// search asks the instance to search, as `chatchannels search` would.
func (in *instance) search(ctx context.Context, query string, limit int, byTime bool) (feed.SearchResults, error) {
	params := url.Values{"q": {query}, "limit": {strconv.Itoa(limit)}}
	if byTime {
		params.Set("by", "time")
	}
	ctx, cancel := context.WithTimeout(ctx, searchTimeout)
	defer cancel()
	var res feed.SearchResults
	if err := in.get(ctx, "/api/search", params, &res); err != nil {
		return feed.SearchResults{}, fmt.Errorf("asking the running Chat Channels (%s): %w", in.url.Host, err)
	}
	return res, nil
}

// get fetches path with params (and the instance's access token, if any)
// and decodes the JSON answer into v. An answer other than 200 is an error
// saying what the instance said. It speaks plain HTTP/1.1 over one
// connection to loopback, without net/http's client (no proxy, no
// redirects, half a megabyte less in the exe).
func (in *instance) get(ctx context.Context, path string, params url.Values, v any) error {
	u := *in.url
	q := url.Values{}
	if t := in.url.Query().Get("t"); t != "" {
		q.Set("t", t)
	}
	for k, vs := range params {
		q[k] = vs
	}
	u.Path, u.RawQuery, u.Fragment = path, q.Encode(), ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Close = true
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := req.Write(conn); err != nil {
		return err
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return err
	}
	defer res.Body.Close()
	body := io.LimitReader(res.Body, 256<<20)
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error string `json:"error"`
		}
		b, _ := io.ReadAll(io.LimitReader(body, 4<<10))
		if json.Unmarshal(b, &e) == nil && e.Error != "" {
			return errors.New(e.Error)
		}
		return fmt.Errorf("GET %s: %s %s", path, res.Status, strings.TrimSpace(string(b)))
	}
	if err := json.NewDecoder(body).Decode(v); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("GET %s: %w", path, err)
	}
	return nil
}

// isLoopback reports whether host names this machine's loopback.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
