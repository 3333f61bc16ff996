//go:build !windows

package app

import "context"

// runTray is Chat Channels started without a command where there is no
// tray (Linux, macOS, servers): it runs headless, as `serve` does.
func runTray(ctx context.Context, e *env, args []string) error {
	return runServe(ctx, e, defaultAddr, false)
}
