package skypeexport

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// genExport writes a synthetic export of convs conversations with msgs
// messages each, plus an unknown top-level key holding skip numbers, and
// returns the number of bytes written.
func genExport(w io.Writer, convs, msgs, skip int) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(cw, 64<<10)
	fmt.Fprint(bw, `{"userId":"8:live:alice","exportDate":"2020-07-06T20:55","unknownHuge":[`)
	for i := 0; i < skip; i++ {
		if i > 0 {
			bw.WriteByte(',')
		}
		fmt.Fprintf(bw, `{"n":%d}`, i)
	}
	fmt.Fprint(bw, `],"conversations":[`)
	base := time.Date(2020, 7, 6, 17, 20, 30, 0, time.UTC)
	for c := 0; c < convs; c++ {
		if c > 0 {
			bw.WriteByte(',')
		}
		id := fmt.Sprintf("19:%032x@thread.skype", c)
		fmt.Fprintf(bw, `{"id":%q,"displayName":"Group %d","version":1594056032575.0,"properties":{"conversationblocked":false},`+
			`"threadProperties":{"membercount":3,"topic":"Topic %d","members":"[\"8:live:alice\",\"8:live:bob\",\"8:carol\"]"},"MessageList":[`, id, c, c)
		for m := msgs - 1; m >= 0; m-- { // newest first
			if m < msgs-1 {
				bw.WriteByte(',')
			}
			ts := base.Add(time.Duration(c*msgs+m) * time.Second)
			fmt.Fprintf(bw, `{"id":"%d","displayName":"Bob","originalarrivaltime":"%s","messagetype":"RichText","version":%d,`+
				`"content":"Message %d in conversation %d with &apos;some&apos; <b>markup</b> and a little more text to look real",`+
				`"conversationid":%q,"from":"8:live:bob","properties":{"edittime":"%d","emotions":[{"key":"like","users":[{"mri":"8:live:alice","time":%d,"value":"1"}]}]},"amsreferences":[]}`,
				ts.UnixMilli(), ts.Format("2006-01-02T15:04:05.000Z"), ts.UnixMilli(), m, c, id, ts.UnixMilli()+1000, ts.UnixMilli()+2000)
		}
		bw.WriteString("]}")
	}
	bw.WriteString("]}\n")
	err := bw.Flush()
	return cw.n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
