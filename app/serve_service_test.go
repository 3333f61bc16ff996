package app

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServiceTakesAFreePortWhenAsked starts a service on an address that
// is taken: with anyPort it serves elsewhere on the same host, without it
// it fails and says why.
func TestServiceTakesAFreePortWhenAsked(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	ctx := context.Background()

	if _, err := startService(ctx, serviceOptions{dataDir: t.TempDir(), addr: taken.Addr().String()}); err == nil ||
		!strings.HasPrefix(err.Error(), "serve: "+taken.Addr().String()+" is in use") {
		t.Fatalf("on a taken address: %v, want it said in use", err)
	}

	svc, err := startService(ctx, serviceOptions{dataDir: t.TempDir(), addr: taken.Addr().String(), anyPort: true})
	if err != nil {
		t.Fatal(err)
	}
	if svc.addr.String() == taken.Addr().String() || !strings.HasPrefix(svc.url(), "http://127.0.0.1:") {
		t.Errorf("serving on %s (%s), want another port of 127.0.0.1", svc.addr, svc.url())
	}
	res, err := http.Get(svc.url() + "api/status")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("status: %d", res.StatusCode)
	}
	if svc.live() != (platformConnector() != nil) {
		t.Errorf("live %v without --demo", svc.live())
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := svc.Close(); err != nil {
		t.Errorf("closing again: %v", err)
	}
	if _, err := http.Get(svc.url() + "api/status"); err == nil {
		t.Error("still serving after Close")
	}
}

// TestServiceStopsWithItsContext runs the demo service and checks that
// ending its context stops the collector and the web server, and that Wait
// then reports a clean stop.
func TestServiceStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	svc, err := startService(ctx, serviceOptions{dataDir: t.TempDir(), addr: "127.0.0.1:0", demo: true})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.HasPrefix(svc.state().Skype, "attached as ") {
		if time.Now().After(deadline) {
			t.Fatalf("demo collector state after 20 s: %+v", svc.state())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	waited := make(chan error, 1)
	go func() { waited <- svc.Wait() }()
	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("Wait after the context ended: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("service still running 10 s after its context ended")
	}
}
