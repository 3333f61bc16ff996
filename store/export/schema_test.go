package export_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/export"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles the embedded schema; strict: with no property
// beyond those it documents (the schema itself allows added ones, as a
// later writer of the same version may add fields).
func compileSchema(t *testing.T, strict bool) *jsonschema.Schema {
	t.Helper()
	text := string(export.Schema)
	if strict {
		text = strings.ReplaceAll(text, `"additionalProperties": true`, `"additionalProperties": false`)
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, b []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return sch.Validate(inst)
}

// TestJSONMatchesSchema: the export, whole and filtered, is valid against
// its schema, and documents every field it writes; a document that breaks
// the schema is caught.
func TestJSONMatchesSchema(t *testing.T) {
	s := fixture(t, true)
	c, err := s.FindChat(context.Background(), group)
	if err != nil {
		t.Fatal(err)
	}
	since, until, _ := store.ParsePeriod("2013-07-30")
	for _, f := range []export.Filter{{}, {Chats: []store.Chat{c}, Since: since, Until: until, Author: "Bob", Query: "release"},
		{Query: "nothing-says-this"}} {
		out := must(run(t, s, "json", f))
		for _, strict := range []bool{false, true} {
			if err := validate(t, compileSchema(t, strict), out); err != nil {
				t.Errorf("filter %+v, strict %v: %v", f, strict, err)
			}
		}
	}
	whole := must(run(t, s, "json", export.Filter{}))
	for name, broken := range map[string]string{
		"a message without its key": strings.Replace(string(whole), `"key":`, `"kee":`, 1),
		"a time that is not UTC":    strings.Replace(string(whole), `"time":"2013-07-31T21:27:11Z"`, `"time":"2013-07-31T23:27:11+02:00"`, 1),
		"another version":           strings.Replace(string(whole), `"version":1`, `"version":2`, 1),
		"a bad precision":           strings.Replace(string(whole), `"time_precision":"ms"`, `"time_precision":"us"`, 1),
	} {
		if string(whole) == broken {
			t.Fatalf("%s: nothing replaced", name)
		}
		if validate(t, compileSchema(t, false), []byte(broken)) == nil {
			t.Errorf("%s passes the schema", name)
		}
	}
}
