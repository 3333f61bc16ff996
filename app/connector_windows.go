//go:build windows

package app

import "github.com/chatchannels/chatchannels/skypeapi"

// platformConnector attaches to the Skype desktop client over window messages.
func platformConnector() skypeapi.Connector { return skypeapi.NewWindowsConnector() }
