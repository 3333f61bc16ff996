//go:build !windows

package skypesim

import (
	"context"
	"errors"
)

// ServeWindows shows the simulator as Skype's API window. Outside Windows
// it fails at once.
func (s *Skype) ServeWindows(context.Context) error {
	return errors.New("skypesim: the Skype window needs Windows")
}
