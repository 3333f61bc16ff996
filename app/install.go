package app

import (
	"context"
	"fmt"

	"github.com/chatchannels/chatchannels/app/setup"
)

// runInstall is `chatchannels install`: copy this program under the user's
// folders, add the Start Menu shortcut and the uninstall entry, and start
// the installed copy.
func runInstall(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "install")
	startWithWindows := fs.Bool("start-with-windows", false, "start Chat Channels when you sign in to Windows")
	noStart := fs.Bool("no-start", false, "do not start the installed copy")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("install: unexpected %q", fs.Arg(0))
	}
	o := e.setupOptions()
	o.StartWithWindows, o.NoStart = *startWithWindows, *noStart
	exe, err := setup.Install(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "installed %s\n", exe)
	return nil
}

// runUninstall is `chatchannels uninstall`: stop the running copy, remove
// what install added, keep the archive unless --remove-data.
func runUninstall(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "uninstall")
	removeData := fs.Bool("remove-data", false, "also delete the archive (the data folder)")
	ask := fs.Bool("ask", false, "ask first, in a window (the system's app list runs uninstall so)")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("uninstall: unexpected %q", fs.Arg(0))
	}
	if *ask && !setup.ConfirmUninstall(e.dataDir) {
		return nil
	}
	if err := setup.Uninstall(e.dataDir, *removeData); err != nil {
		return err
	}
	if *removeData {
		fmt.Fprintf(e.stdout, "uninstalled; deleted the archive in %s\n", e.dataDir)
		return nil
	}
	fmt.Fprintf(e.stdout, "uninstalled; the archive stays in %s\n", e.dataDir)
	return nil
}

// setupOptions are the install options for this program and archive.
func (e *env) setupOptions() setup.Options {
	return setup.Options{Version: Version, DataDir: e.dataDir, DataChosen: e.dataChosen}
}
