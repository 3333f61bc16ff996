//go:build !windows

package app

import "time"

// instance stands for the user's one running Chat Channels. Elsewhere than
// Windows there is no tray and no install, so any number may run.
type instance struct{ quitCh chan struct{} }

// acquireInstance always succeeds here.
func acquireInstance() (inst *instance, already bool, err error) {
	return &instance{quitCh: make(chan struct{})}, false, nil
}

// quitRequested is never closed here.
func (i *instance) quitRequested() <-chan struct{} { return i.quitCh }

// release does nothing here.
func (i *instance) release() {}

// stopRunningInstance has nothing to stop here.
func stopRunningInstance(dataDir string, timeout time.Duration) (wasRunning bool, err error) {
	return false, nil
}
