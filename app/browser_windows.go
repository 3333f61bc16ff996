package app

import "golang.org/x/sys/windows"

// openWithSystem opens a URL with the user's default browser.
func openWithSystem(link string) error {
	return windows.ShellExecute(0, windows.StringToUTF16Ptr("open"), windows.StringToUTF16Ptr(link), nil, nil, windows.SW_SHOWNORMAL)
}
