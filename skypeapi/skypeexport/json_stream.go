package skypeexport

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// errTruncated is reported when the input ends inside a JSON value.
var errTruncated = io.ErrUnexpectedEOF

// token reads the next JSON token. An io.EOF here is always premature (the
// callers are inside the top-level object), so it becomes
// io.ErrUnexpectedEOF.
func token(dec *json.Decoder) (json.Token, error) {
	t, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return nil, errTruncated
	}
	return t, err
}

// expectDelim reads the next token and checks that it is the delimiter d.
func expectDelim(dec *json.Decoder, d json.Delim, what string) error {
	t, err := token(dec)
	if err != nil {
		return err
	}
	if got, ok := t.(json.Delim); !ok || got != d {
		return fmt.Errorf("%s: expected %q, found %s", what, d, describe(t))
	}
	return nil
}

// objectKey reads the next key of an object, or reports done at its '}'.
func objectKey(dec *json.Decoder) (key string, done bool, err error) {
	t, err := token(dec)
	if err != nil {
		return "", false, err
	}
	switch v := t.(type) {
	case string:
		return v, false, nil
	case json.Delim:
		if v == '}' {
			return "", true, nil
		}
	}
	return "", false, fmt.Errorf("expected object key, found %s", describe(t))
}

// skipValue consumes one JSON value of any kind, token by token, so that an
// unknown key holding a huge value costs no memory.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		t, err := token(dec)
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
		if depth == 0 {
			return nil
		}
	}
}

// decodeValue decodes the next value into v, mapping a premature io.EOF to
// io.ErrUnexpectedEOF.
func decodeValue(dec *json.Decoder, v any) error {
	err := dec.Decode(v)
	if errors.Is(err, io.EOF) {
		return errTruncated
	}
	return err
}

// describe names a token for error messages.
func describe(t json.Token) string {
	switch v := t.(type) {
	case nil:
		return "null"
	case json.Delim:
		return fmt.Sprintf("%q", v)
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return fmt.Sprintf("string %q", v)
	default:
		return fmt.Sprintf("%T %v", v, v)
	}
}
