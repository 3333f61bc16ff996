//go:build !windows

package skypeapi

import (
	"context"
	"errors"
)

// errNeedsWindows reports that the window-message transport (spec 1) was
// asked for on a system other than Windows.
var errNeedsWindows = errors.New("skypeapi: the Skype window-message transport needs Windows")

// NewWindowsConnector returns a Connector that attaches to Skype through
// window messages. Outside Windows its Connect always fails.
func NewWindowsConnector() Connector { return noWindowsConnector{} }

type noWindowsConnector struct{}

func (noWindowsConnector) Connect(context.Context, func(AttachStatus)) (Transport, error) {
	return nil, errNeedsWindows
}
