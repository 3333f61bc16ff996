package skypeexport

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"testing"
	"time"
)

// FuzzExportReader feeds arbitrary bytes to the export reader, as a stream
// (newReader) and as a file (Open, which seeks through a tar's headers),
// and walks whatever opens to its end. Whatever the bytes, it must return
// an error or the messages, never panic or hang. Seeds are the quirks
// export, bare and in the tar framings Skype and users make.
func FuzzExportReader(f *testing.F) {
	quirks, err := os.ReadFile("testdata/quirks.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(quirks)
	f.Add(makeTar(f, []tarEntry{{name: "messages.json", body: string(quirks)}}))
	f.Add(makeTar(f, []tarEntry{{name: "media/", dir: true},
		{name: "media/0-weu-d1-abc.1.jpg", body: "jpeg"}, {name: "media/0-weu-d1-abc.json", body: `{"filename":"a.jpg"}`},
		{name: "./messages.json", body: `{"userId":"8:alice","exportDate":"2020-07-06T20:55","conversations":[]}`}}))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(quirks)
	zw.Close()
	f.Add(gz.Bytes())
	f.Add([]byte("\xef\xbb\xbf" + `{"conversations":[{"id":"8:bob","MessageList":[{"id":"1","content":"hi"}]}]}`))
	f.Add([]byte(`[{"conversations":[]}]`))
	f.Add([]byte(`{"conversations":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// A hang is a finding too: the fuzzer has no time limit of its
		// own, so one that takes minutes crashes the worker, which keeps
		// the input.
		watchdog := time.AfterFunc(time.Minute, func() { panic(fmt.Sprintf("reading a %d-byte export took over a minute", len(data))) })
		defer watchdog.Stop()
		walkAll := func(e *Export) {
			defer e.Close()
			n := 0
			e.Walk(func(Conversation, Message) error { n++; return nil }, func(Conversation) error { return nil })
		}
		if e, err := newReader(bytes.NewReader(data), "fuzz"); err == nil {
			walkAll(e)
		}
		path := writeFile(t, "export", data)
		if e, err := Open(path); err == nil {
			walkAll(e)
		}
	})
}
