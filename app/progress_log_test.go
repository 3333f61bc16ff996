package app

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestProgressLogMovesWhileMessagesAreAdded runs a real import whose
// standard error is a pipe (a log, not a terminal) and holds the export
// back halfway: messages are being archived while the importer, waiting
// for more of the file, reports nothing. The log must show them all the
// same, and end on the last state.
func TestProgressLogMovesWhileMessagesAreAdded(t *testing.T) {
	was := lineEvery
	lineEvery = 20 * time.Millisecond
	defer func() { lineEvery = was }()

	// The export comes on standard input, in two parts.
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdin := os.Stdin
	os.Stdin = inR
	defer func() { os.Stdin = stdin }()
	errR, errW, _ := os.Pipe()
	outR, outW, _ := os.Pipe()
	go io.Copy(io.Discard, outR)
	exited := make(chan int, 1)
	go func() {
		exited <- Main([]string{"--data", t.TempDir(), "import", "-"}, outW, errW)
		outW.Close()
		errW.Close()
	}()

	const first, total = 12_000, 15_000 // the first part holds two whole batches of 5,000
	message := func(i int) string {
		return fmt.Sprintf(`{"id": "%d", "originalarrivaltime": "2013-07-30T%02d:%02d:%02d.000Z", "messagetype": "RichText", "from": "8:bob", "content": "message %d"}`,
			i, i/3600%24, i/60%60, i%60, i)
	}
	var head strings.Builder
	head.WriteString(`{"userId": "8:alice", "conversations": [{"id": "8:bob", "MessageList": [`)
	for i := range first {
		if i > 0 {
			head.WriteString(",")
		}
		head.WriteString(message(i))
	}
	if _, err := io.WriteString(inW, head.String()); err != nil {
		t.Fatal(err)
	}

	// While the rest is held back, the log shows the batches archived.
	line := regexp.MustCompile(`^import standard input: (\d+) messages`)
	lines := bufio.NewScanner(errR)
	var log []string
	shown := func(want int) {
		t.Helper()
		for lines.Scan() {
			log = append(log, lines.Text())
			if m := line.FindStringSubmatch(lines.Text()); m != nil {
				if n, _ := strconv.Atoi(m[1]); n >= want {
					return
				}
			}
		}
		t.Fatalf("the log never showed %d messages:\n%s", want, strings.Join(log, "\n"))
	}
	held := time.AfterFunc(15*time.Second, func() { inW.Close() }) // never hang the test
	shown(10_000)
	if !held.Stop() {
		t.Fatalf("the log showed the archived messages only once the export was complete:\n%s", strings.Join(log, "\n"))
	}

	var rest strings.Builder
	for i := first; i < total; i++ {
		rest.WriteString("," + message(i))
	}
	rest.WriteString("]}]}")
	io.WriteString(inW, rest.String())
	inW.Close()
	shown(total)
	for lines.Scan() {
		log = append(log, lines.Text())
	}
	if code := <-exited; code != 0 {
		t.Fatalf("import exited %d:\n%s", code, strings.Join(log, "\n"))
	}
}
