package app

import (
	"context"
	"flag"
	"fmt"

	"github.com/chatchannels/chatchannels/app/setup"
)

var installCommand = &command{
	name:    "install",
	summary: "install for this user (Start Menu, app list) and start it",
	details: `No administrator rights are needed: the program goes to
%LOCALAPPDATA%\Programs\ChatChannels.`,
	examples: []string{"install", "install --start-with-windows"},
	windows:  true,
	define: func(fs *flag.FlagSet) runFunc {
		startWithWindows := fs.Bool("start-with-windows", false, "start Chat Channels when you sign in to Windows")
		noStart := fs.Bool("no-start", false, "do not start the installed copy")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected %q: install takes only flags", args[0])
			}
			return runInstall(e, *startWithWindows, *noStart)
		}
	},
}

// runInstall is `chatchannels install`: copy this program under the user's
// folders, add the Start Menu shortcut and the uninstall entry, and start
// the installed copy.
func runInstall(e *env, startWithWindows, noStart bool) error {
	o := e.setupOptions()
	o.StartWithWindows, o.NoStart = startWithWindows, noStart
	exe, err := setup.Install(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "installed %s\n", exe)
	return nil
}

var uninstallCommand = &command{
	name:     "uninstall",
	summary:  "stop and remove what install added; the archive stays unless --remove-data",
	examples: []string{"uninstall", "uninstall --remove-data"},
	windows:  true,
	hidden:   []string{"ask"},
	define: func(fs *flag.FlagSet) runFunc {
		removeData := fs.Bool("remove-data", false, "also delete the archive (the data folder)")
		ask := fs.Bool("ask", false, "ask first, in a window (the system's app list runs uninstall so)")
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("unexpected %q: uninstall takes only flags", args[0])
			}
			return runUninstall(e, *removeData, *ask)
		}
	},
}

// runUninstall is `chatchannels uninstall`: stop the running copy, remove
// what install added, keep the archive unless removeData.
func runUninstall(e *env, removeData, ask bool) error {
	if ask && !setup.ConfirmUninstall(e.dataDir) {
		return nil
	}
	if err := setup.Uninstall(e.dataDir, removeData); err != nil {
		return err
	}
	if removeData {
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
