package app

import (
	"errors"
	"fmt"
	"testing"
)

func TestDescribeError(t *testing.T) {
	cause := errors.New("unexpected EOF")
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("import x.json: %w", fmt.Errorf("skypeexport: import x.json: %w", fmt.Errorf("skypeexport: x.json: at byte 60: %w", cause))),
			"import x.json: at byte 60: unexpected EOF"},
		{fmt.Errorf("reindex: %w", errors.New("store: reindex /d/index.bleve: it is in use\nby another process")),
			"reindex /d/index.bleve: it is in use by another process"},
		{fmt.Errorf("chats add x: %w", errors.New("no chat is named or titled \"x\x1b]0;t\x07\"")),
			`chats add x: no chat is named or titled "x␛]0;t␇"`},
		{errors.New("serve: 127.0.0.1:8006 is in use"), "serve: 127.0.0.1:8006 is in use"},
	} {
		if got := describeError(c.err); got != c.want {
			t.Errorf("describeError(%q)\n got %q\nwant %q", c.err, got, c.want)
		}
	}
}
