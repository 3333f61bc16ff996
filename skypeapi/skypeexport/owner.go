package skypeexport

import "fmt"

// exportOwner is the handle of the account that made the export at path: its
// userId without "8:". Skype writes userId before the conversations, where
// Open finds it; a file that puts it after them (other tools, hand-made
// files) is read a second time, skipping the conversations token by token
// (memory stays flat), since naming a dialog needs the owner from its first
// message on. "" when the file has no userId.
func exportOwner(e *Export, path string) (string, error) {
	if e.UserID != "" {
		return Handle(e.UserID), nil
	}
	again, err := Open(path)
	if err != nil {
		return "", err
	}
	defer again.Close()
	if err := again.readTail(); err != nil {
		return "", err
	}
	return Handle(again.UserID), nil
}

// readTail skips the conversations and reads the top-level keys after
// them, recording userId and exportDate.
func (e *Export) readTail() error {
	e.used = true
	if !e.noConvs {
		for e.dec.More() {
			if err := skipValue(e.dec); err != nil {
				return e.wrap(err, true)
			}
		}
		if err := expectDelim(e.dec, ']', "end of conversations"); err != nil {
			return e.wrap(err, true)
		}
	}
	for {
		key, done, err := objectKey(e.dec)
		if err != nil {
			return e.wrap(fmt.Errorf("after the conversations: %w", err), true)
		}
		if done {
			return nil
		}
		if key == "conversations" {
			err = skipValue(e.dec)
		} else {
			err = e.topLevelValue(key)
		}
		if err != nil {
			return e.wrap(err, true)
		}
	}
}
