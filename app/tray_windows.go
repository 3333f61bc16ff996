package app

import (
	"context"
	"log/slog"

	"github.com/lxn/win"
	"golang.org/x/sys/windows"

	"github.com/chatchannels/chatchannels/app/setup"
	"github.com/chatchannels/chatchannels/app/tray"
)

// runTray is Chat Channels started without a command on Windows (a
// double-click): the offer to install when run from elsewhere, one
// instance per user (a second launch opens the first one's web view), the
// log in the data folder, then the collector and the web server with the
// tray on top, until Quit.
//
// The offer comes before claiming the instance: installing replaces a
// running copy and starts the installed one, which must find the claim free.
func runTray(ctx context.Context, e *env, args []string) error {
	installed, err := setup.OfferInstall(e.setupOptions())
	if err != nil {
		return trayFailed(err)
	}
	if installed {
		return nil // the installed copy runs now
	}
	inst, already, err := setup.AcquireInstance()
	if err != nil {
		return trayFailed(err)
	}
	if already {
		return openBrowser(setup.RunningInstanceURL(e.dataDir, "http://"+defaultAddr+"/"))
	}
	defer inst.Release()
	closeLog, err := openLog(e.dataDir)
	if err != nil {
		return trayFailed(err)
	}
	defer closeLog()
	svc, err := startService(ctx, serviceOptions{dataDir: e.dataDir, addr: defaultAddr, anyPort: true})
	if err != nil {
		slog.Error("cannot start", "err", err)
		return trayFailed(err)
	}
	defer svc.Close()
	slog.Info("started", "version", Version, "data", e.dataDir, "url", svc.url())

	ctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { // uninstall or an upgrade asks the running copy to quit
		select {
		case <-inst.QuitRequested():
			stop()
		case <-ctx.Done():
		}
	}()
	tray.Run(ctx, tray.Host{
		URL: svc.url(), Live: svc.live(), DataDir: e.dataDir, Store: svc.store, Skype: svc.state,
		Import: func(ctx context.Context, path string, progress func(done, total int64)) (string, error) {
			return importFile(ctx, svc.store, path, progress)
		},
		OpenURL: openBrowser, OpenFolder: openWithSystem,
	})
	slog.Info("quitting")
	return svc.Close()
}

// trayFailed tells the user, who has no terminal, why Chat Channels
// cannot run, and returns the error for the exit code.
func trayFailed(err error) error {
	win.MessageBox(0, windows.StringToUTF16Ptr("Chat Channels cannot start: "+oneLine(err)),
		windows.StringToUTF16Ptr("Chat Channels"), win.MB_OK|win.MB_ICONERROR)
	return err
}
