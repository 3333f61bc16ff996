//go:build !windows

package app

import (
	"os/exec"
	"runtime"
)

// openWithSystem opens a URL with the desktop's opener.
func openWithSystem(link string) error {
	opener := "xdg-open"
	if runtime.GOOS == "darwin" {
		opener = "open"
	}
	cmd := exec.Command(opener, link)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
