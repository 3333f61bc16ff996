package app

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chatchannels/chatchannels/app/collector"
	"github.com/chatchannels/chatchannels/app/setup"
	"github.com/chatchannels/chatchannels/feed"
	"github.com/chatchannels/chatchannels/skypeapi"
	"github.com/chatchannels/chatchannels/skypeapi/skypesim"
	"github.com/chatchannels/chatchannels/skypeapi/synth"
	"github.com/chatchannels/chatchannels/store"
)

// Version is the program's version. The Windows resources in
// winres/winres.json carry the same number (a test keeps them together);
// a build may override it with
// -ldflags "-X github.com/chatchannels/chatchannels/app.Version=…".
var Version = "0.1.0"

// defaultAddr is where the web view listens unless told otherwise.
const defaultAddr = "127.0.0.1:8006"

var serveCommand = &command{
	name:    "serve",
	summary: "collect from Skype and serve the web view and feeds on loopback (the default without a command)",
	details: `It prints the address it serves on and runs until interrupted. Live collection
needs the Skype desktop client on Windows; elsewhere it serves the archive only.
With --demo it collects from a built-in simulated Skype into a throw-away data
folder (unless --data names one). An --addr beyond loopback publishes the archive
read-only to the network, behind an access token it prints.`,
	examples: []string{"serve", "serve --demo", "serve --addr 127.0.0.1:0"},
	define: func(fs *flag.FlagSet) runFunc {
		addr := fs.String("addr", defaultAddr, "the address to serve on, `HOST:PORT` (port 0: any free port); beyond loopback it publishes read-only, behind an access token")
		demo := fs.Bool("demo", false, "collect from the built-in Skype simulator instead of Skype")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected %q: serve takes only flags", args[0])
			}
			if _, _, err := net.SplitHostPort(*addr); err != nil {
				return usagef("--addr %s: want HOST:PORT, such as %s (port 0: any free port)", *addr, defaultAddr)
			}
			return runServe(ctx, e, *addr, *demo)
		}
	},
}

// runServe collects from Skype (or, with demo, from the built-in
// simulator) and serves the web view on addr until interrupted.
func runServe(ctx context.Context, e *env, addr string, demo bool) error {
	if demo && !e.dataChosen {
		e.dataDir = filepath.Join(os.TempDir(), "chatchannels-demo") // keep the demo out of the real archive
	}
	svc, err := startService(ctx, serviceOptions{dataDir: e.dataDir, addr: addr, demo: demo})
	if err != nil {
		return err
	}
	defer svc.Close()
	if !svc.live() {
		fmt.Fprintln(e.stderr, "live collection needs the Skype desktop client on Windows; serving the archive only")
	}
	if svc.token != "" {
		fmt.Fprintf(e.stdout, "publishing %s read-only to your network on http://%s/?t=%s\n", e.dataDir, shareable(svc.addr), svc.token)
		fmt.Fprintln(e.stdout, "anyone with this link can read the archive; delete access-token in the data folder to revoke it")
	} else {
		fmt.Fprintf(e.stdout, "serving %s on %s\n", e.dataDir, svc.url())
	}
	return svc.Wait()
}

// serviceOptions says what a service archives, where it serves and what
// it collects from.
type serviceOptions struct {
	dataDir string
	addr    string // beyond loopback it publishes read-only, behind an access token
	demo    bool   // collect from the built-in simulator instead of Skype
	anyPort bool   // when addr is taken, serve on a free port of the same host
}

// service is what runs while Chat Channels runs, for `serve` and the tray
// alike: the archive, the collector filling it from Skype and the web server
// on top. It stops when the context it was started with ends, or on Close.
type service struct {
	dataDir   string
	store     *store.Store
	collector *collector.Collector // nil without live collection
	addr      net.Addr             // where the web server listens
	token     string               // the access token when published beyond loopback

	cancel      context.CancelFunc
	restoreHeap func()        // puts the heap's limit back (see limitHeap)
	done        chan struct{} // closed when the web server and the collector have stopped
	err         error         // why the web server stopped, if not asked to
	closeOnce   sync.Once
	closeErr    error
}

// startService opens the archive, starts collecting and starts serving.
func startService(ctx context.Context, opts serviceOptions) (*service, error) {
	public, err := isPublic(opts.addr)
	if err != nil {
		return nil, err
	}
	ln, err := listen(opts.addr, opts.anyPort)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(opts.dataDir)
	if err != nil {
		ln.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	svc := &service{dataDir: opts.dataDir, store: s, addr: ln.Addr(), cancel: cancel, restoreHeap: limitHeap(), done: make(chan struct{})}
	fail := func(err error) (*service, error) {
		svc.restoreHeap()
		cancel()
		ln.Close()
		s.Close()
		return nil, err
	}
	connector, err := skypeConnector(ctx, s, opts.demo)
	if err != nil {
		return fail(err)
	}
	if public {
		if svc.token, err = accessToken(opts.dataDir); err != nil {
			return fail(err)
		}
	}
	srv := &feed.Server{Store: s, Version: Version, PID: os.Getpid(), Token: svc.token}
	collectorDone := make(chan struct{})
	if connector != nil {
		svc.collector = &collector.Collector{Store: s, Connector: connector}
		srv.Skype = func() feed.SkypeStatus {
			st := svc.collector.State()
			return feed.SkypeStatus{State: st.Skype, User: st.User, Protocol: st.Protocol, Syncing: st.Syncing}
		}
		go func() { svc.collector.Run(ctx); close(collectorDone) }()
	} else {
		close(collectorDone)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shutdown)
	}()
	go func() {
		err := hs.Serve(ln)
		cancel() // a server that failed takes the collector down with it
		<-collectorDone
		if !errors.Is(err, http.ErrServerClosed) {
			svc.err = fmt.Errorf("serve: %w", err)
		}
		close(svc.done)
	}()
	// Later commands find this one by the data folder: a second launch
	// opens its web view, search and status ask it.
	if err := setup.WriteInstanceInfo(opts.dataDir, setup.InstanceInfo{URL: svc.url(), PID: os.Getpid()}); err != nil {
		slog.Warn("other Chat Channels commands will not find this one", "err", err)
	}
	return svc, nil
}

// listen listens on addr or, when it is taken and anyPort is set, on a
// free port of the same host.
func listen(addr string, anyPort bool) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil && anyPort {
		host, _, _ := net.SplitHostPort(addr)
		slog.Warn("address taken; serving on a free port instead", "addr", addr, "err", err)
		ln, err = net.Listen("tcp", net.JoinHostPort(host, "0"))
	}
	if err != nil && addrInUse(err) {
		host, _, _ := net.SplitHostPort(addr)
		return nil, fmt.Errorf("serve: %s is in use (by another Chat Channels?); serve on any free port with --addr %s", addr, net.JoinHostPort(host, "0"))
	}
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	return ln, nil
}

// wsaeaddrinuse is Windows' "address already in use" (WSAEADDRINUSE).
const wsaeaddrinuse = 10048

// addrInUse reports whether listening failed because another program
// listens there.
func addrInUse(err error) bool {
	var errno syscall.Errno
	return errors.As(err, &errno) && (errno == syscall.EADDRINUSE || errno == wsaeaddrinuse)
}

// url is where the web view is, on this machine: an address that listens
// on every interface is reached over loopback.
func (svc *service) url() string {
	host := svc.addr.String()
	if tcp, ok := svc.addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() { // Go listens on both IPv4 and IPv6 there
		host = net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
	}
	u := "http://" + host + "/"
	if svc.token != "" {
		u += "?t=" + svc.token
	}
	return u
}

// live reports whether the service collects from Skype (or the simulator).
func (svc *service) live() bool { return svc.collector != nil }

// state reports what the collector is doing; the zero state without one.
func (svc *service) state() collector.State {
	if svc.collector == nil {
		return collector.State{}
	}
	return svc.collector.State()
}

// Wait waits until the service has stopped (its context ended, or the web
// server failed) and reports why the web server stopped if not asked to.
func (svc *service) Wait() error {
	<-svc.done
	return svc.err
}

// Close stops the service and closes the archive; calling it again does
// nothing more.
func (svc *service) Close() error {
	svc.closeOnce.Do(func() {
		svc.cancel()
		<-svc.done
		setup.RemoveInstanceInfo(svc.dataDir)
		svc.closeErr = svc.store.Close()
		svc.restoreHeap()
	})
	return svc.closeErr
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
	w := synth.SimWorld(7, 3000, 20_000, 2*time.Second)
	for _, c := range w.Chats {
		if _, err := s.EnsureChat(ctx, store.ChatInfo{Name: c.Name, Topic: c.Topic, Members: c.Members}); err != nil {
			return nil, err
		}
		if err := s.SetCollected(ctx, c.Name, true); err != nil {
			return nil, err
		}
	}
	sim := skypesim.New(w, skypesim.Options{})
	go func() {
		if err := sim.Run(ctx); err != nil && ctx.Err() == nil {
			slog.Error("demo simulator stopped", "err", err)
		}
	}()
	return sim, nil
}
