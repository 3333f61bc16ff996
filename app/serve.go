package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/store"
)

// Version is the program's version, set at build time with
// -ldflags "-X github.com/chatchannels/chatchannels/app.Version=…".
var Version = "dev"

// defaultAddr is where the web view listens unless told otherwise.
const defaultAddr = "127.0.0.1:8006"

// runServe collects from Skype (or, with --demo, from the built-in
// simulator) and serves the web view until interrupted.
func runServe(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "serve")
	addr := fs.String("addr", defaultAddr, "address to serve on; beyond loopback it publishes read-only, behind an access token")
	demo := fs.Bool("demo", false, "collect from the built-in Skype simulator instead of Skype")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	public, err := isPublic(*addr)
	if err != nil {
		return err
	}
	if *demo && !e.dataChosen {
		e.dataDir = filepath.Join(os.TempDir(), "chatchannels-demo") // keep the demo out of the real archive
	}
	s, err := store.Open(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()

	connector, err := skypeConnector(ctx, s, *demo)
	if err != nil {
		return err
	}
	srv := &feed.Server{Store: s, Version: Version}
	if public {
		if srv.Token, err = accessToken(e.dataDir); err != nil {
			return err
		}
	}
	collectorDone := make(chan struct{})
	if connector != nil {
		c := &Collector{Store: s, Connector: connector}
		srv.Skype = func() feed.SkypeStatus {
			st := c.State()
			return feed.SkypeStatus{State: st.Skype, User: st.User, Protocol: st.Protocol, Syncing: st.Syncing}
		}
		go func() { c.Run(ctx); close(collectorDone) }()
	} else {
		close(collectorDone)
		fmt.Fprintln(e.stderr, "live collection needs the Skype desktop client on Windows; serving the archive only")
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if public {
		fmt.Fprintf(e.stdout, "publishing %s read-only to your network on http://%s/?t=%s\n", e.dataDir, shareable(ln.Addr()), srv.Token)
		fmt.Fprintln(e.stdout, "anyone with this link can read the archive; delete access-token in the data folder to revoke it")
	} else {
		fmt.Fprintf(e.stdout, "serving %s on http://%s/\n", e.dataDir, ln.Addr())
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	err = hs.Serve(ln)
	<-collectorDone
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return fmt.Errorf("serve: %w", err)
}

// isPublic reports whether addr reaches beyond this machine.
func isPublic(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("serve: --addr %s: %w", addr, err)
	}
	if host == "localhost" {
		return false, nil
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback(), nil
}

// shareable names a listening address the way others on the network reach it.
func shareable(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("this-machine", strconv.Itoa(tcp.Port))
}

// accessToken reads the data folder's access token, making one the first
// time: 24 random bytes, kept so that links given out keep working.
func accessToken(dir string) (string, error) {
	path := filepath.Join(dir, "access-token")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return strings.TrimSpace(string(b)), nil
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("serve: make access token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	if err := os.WriteFile(path, []byte(token+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("serve: save access token %s: %w", path, err)
	}
	return token, nil
}

// skypeConnector picks what the collector attaches to: the simulator with a
// demo world that keeps posting (every chat picked), or the platform's Skype.
func skypeConnector(ctx context.Context, s *store.Store, demo bool) (skypeapi.Connector, error) {
	if !demo {
		return platformConnector(), nil
	}
	w := synthWorld(7, 3000, 20_000, 2*time.Second)
	for _, c := range w.Chats {
		if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: c.Name, Topic: c.Topic, Members: c.Members}); err != nil {
			return nil, err
		}
		if err := s.SetCollected(ctx, c.Name, true); err != nil {
			return nil, err
		}
	}
	sim := skypeapi.NewSim(w, skypeapi.SimOptions{})
	go func() {
		if err := sim.Run(ctx); err != nil && ctx.Err() == nil {
			slog.Error("demo simulator stopped", "err", err)
		}
	}()
	return sim, nil
}
