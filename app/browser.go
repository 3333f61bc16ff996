package app

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
)

// openBrowser opens an http(s) URL in the user's browser. The environment
// can change that: CHATCHANNELS_BROWSER=none only logs the URL (tests,
// Wine, machines without a desktop); another value names the program to
// open it with.
func openBrowser(link string) error {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("open browser: %q is not a web address", link)
	}
	switch program := os.Getenv("CHATCHANNELS_BROWSER"); program {
	case "none":
		slog.Info("not opening a browser (CHATCHANNELS_BROWSER=none)", "url", link)
		return nil
	case "":
		if err := openWithSystem(link); err != nil {
			return fmt.Errorf("open browser on %s: %w", link, err)
		}
		return nil
	default:
		cmd := exec.Command(program, link)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("open browser: CHATCHANNELS_BROWSER=%s: %w", program, err)
		}
		go cmd.Wait()
		return nil
	}
}
