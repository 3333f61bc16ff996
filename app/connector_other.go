//go:build !windows

package app

import "github.com/chatchannels/chatchannels/skypeapi"

// platformConnector is nil here: the Skype Desktop API exists only on Windows.
func platformConnector() skypeapi.Connector { return nil }
