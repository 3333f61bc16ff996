package skypeapi

import (
	"context"
	"errors"
	"fmt"
)

// Transport carries protocol text between this program and an attached
// Skype: on Windows, WM_COPYDATA between two windows; in tests and demos, an
// in-memory pipe to the simulator.
type Transport interface {
	// Send delivers one command. An error means Skype is gone.
	Send(text string) error
	// Receive yields every reply and notification, one text each, in order.
	// It is closed when the connection ends: Skype went away, or Close.
	Receive() <-chan string
	// Close ends the connection.
	Close() error
}

// Connector attaches to Skype (spec 1.3, 1.4).
type Connector interface {
	// Connect blocks until Skype accepts the attach, and returns the
	// connection; it reports each attach state it passes through to
	// status. It fails with an *AttachError when Skype refuses, and with
	// the context's error when ctx ends first.
	Connect(ctx context.Context, status func(AttachStatus)) (Transport, error)
}

// AttachStatus is where attaching stands (spec 1.4).
type AttachStatus int

// Attach statuses, with Skype's own codes where it has them.
const (
	AttachSuccess              AttachStatus = 0
	AttachPendingAuthorization AttachStatus = 1
	AttachRefused              AttachStatus = 2
	AttachNotAvailable         AttachStatus = 3
	AttachAPIAvailable         AttachStatus = 0x8001
	AttachWaitingForSkype      AttachStatus = -1 // no Skype answered the discovery broadcast (ours, not Skype's)
)

func (s AttachStatus) String() string {
	switch s {
	case AttachSuccess:
		return "attached"
	case AttachPendingAuthorization:
		return "waiting for authorization in Skype"
	case AttachRefused:
		return "refused by Skype"
	case AttachNotAvailable:
		return "Skype is not available (nobody logged in)"
	case AttachAPIAvailable:
		return "Skype became available"
	case AttachWaitingForSkype:
		return "waiting for Skype"
	}
	return fmt.Sprintf("attach status %d", int(s))
}

// AttachError reports an attach Skype refused.
type AttachError struct{ Status AttachStatus }

func (e *AttachError) Error() string { return "skype: attach: " + e.Status.String() }

// ErrGone reports that Skype went away while a command waited.
var ErrGone = errors.New("skype: connection lost")
