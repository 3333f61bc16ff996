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
