//go:build !windows

package setup

import "time"

// Instance stands for the user's one running Chat Channels. Elsewhere than
// Windows there is no tray and no install, so any number may run.
type Instance struct{ quitCh chan struct{} }

// AcquireInstance always succeeds here.
func AcquireInstance() (inst *Instance, already bool, err error) {
	return &Instance{quitCh: make(chan struct{})}, false, nil
}

// QuitRequested is never closed here.
func (i *Instance) QuitRequested() <-chan struct{} { return i.quitCh }

// Release does nothing here.
func (i *Instance) Release() {}

// StopRunningInstance has nothing to stop here.
func StopRunningInstance(dataDir string, timeout time.Duration) (wasRunning bool, err error) {
	return false, nil
}
