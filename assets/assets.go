// Package assets holds what the web view is made of: templates and static
// files, embedded in the binary.
package assets

import "embed"

// Templates are the HTML templates, one file per page plus the layout.
//
//go:embed templates/*.html
var Templates embed.FS

// Static are files served as they are (style sheet, icons).
//
//go:embed static
var Static embed.FS

// IconICO is the app icon as a Windows icon file, drawn at 16, 20, 24, 32,
// 48 and 256 px (the tray and the exe use it).
//
//go:embed icon.ico
var IconICO []byte

// IconPNG is the app icon at 256 px.
//
//go:embed icon.png
var IconPNG []byte

// go generate ./assets draws the icon, then makes the Windows exe's
// resources from it and ../winres/winres.json (../rsrc_windows_*.syso).
//
//go:generate go run icon/gen.go
//go:generate go run github.com/tc-hib/go-winres@v0.3.3 make --in ../winres/winres.json --arch amd64,arm64 --out ../rsrc
