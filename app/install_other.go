//go:build !windows

package app

import (
	"context"
	"errors"
)

// errWindowsOnly is what install, uninstall and start-with-Windows say
// elsewhere than Windows.
var errWindowsOnly = errors.New("install is for Windows; elsewhere run chatchannels serve from where it is")

func runInstall(ctx context.Context, e *env, args []string) error   { return errWindowsOnly }
func runUninstall(ctx context.Context, e *env, args []string) error { return errWindowsOnly }

// offerInstall never offers here.
func offerInstall(e *env) (installed bool, err error) { return false, nil }

// startsWithWindows is false here.
func startsWithWindows() (bool, error) { return false, nil }

// setStartWithWindows fails here.
func setStartWithWindows(on bool) error { return errWindowsOnly }
