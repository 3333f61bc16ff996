//go:build !windows

package setup

// Install fails here.
func Install(o Options) (exe string, err error) { return "", ErrWindowsOnly }

// OfferInstall never offers here.
func OfferInstall(o Options) (installed bool, err error) { return false, nil }

// ConfirmUninstall never asks here.
func ConfirmUninstall(dataDir string) bool { return true }

// Uninstall fails here.
func Uninstall(dataDir string, removeData bool) error { return ErrWindowsOnly }

// StartsWithWindows is false here.
func StartsWithWindows() (bool, error) { return false, nil }

// SetStartWithWindows fails here.
func SetStartWithWindows(on bool) error { return ErrWindowsOnly }
