//go:build windows

package app

import "github.com/chatchannels/chatchannels/skypeapi"

// platformConnector attaches to the Skype desktop client. The window-message
// transport is not in this version yet, so there is nothing to attach to.
func platformConnector() skypeapi.Connector { return nil }
