package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatchannels/chatchannels/store/export"
	"github.com/chatchannels/chatchannels/store/termsafe"
)

// csvWant is what the fixture's CSV must read back as, row by row (after
// the columns): chat, author, display name, text, edited, deleted. Cells a
// spreadsheet would take for a formula read with a leading quote.
var csvWant = [][]string{
	{"Bob", "bob", "Bob", "Grüße aus München 🍺 <b>not bold</b>", "false", "false"},
	{"Bob", "alice", "Alice", "bold and a link", "false", "false"},
	{"Climbing " + hostile, "carol", "Carol Müller", "see you in September", "false", "false"},
	{"Project X", "alice", "Alice", "need to know if you got it this time.", "false", "false"},
	{"Project X", "bob", "Bob", "first line\nsecond line\n\nafter a blank", "false", "false"},
	{"Project X", "bob", "Bob", "the release is on friday", "true", "false"},
	{"Project X", "carol", "Carol Müller", "", "true", "true"},
	{"Project X", "alice", "Alice", "waves", "false", "false"},
	{"Project X", "alice", "Alice", "Set the topic to “Project X & friends”", "false", "false"},
	{"Project X", "carol", "Carol Müller", "'=SUM(A1:A9)", "false", "false"},
	{"Project X", "carol", "Carol Müller", "'+1 for that", "false", "false"},
	{"Project X", "live:dave", "'-Dave-", "'@everyone tabs and \"quotes\", commas", "false", "false"},
	{"Project X", "bob", "Bob", "]0;pwned[2J look [31mhere[0m \u202eevil\u202c\u009b2J", "false", "false"},
}

// checkRows compares rows read back (columns first) with csvWant and the
// JSON export's keys and permalinks.
func checkRows(t *testing.T, reader string, rows [][]string, keys [][2]string) {
	t.Helper()
	if len(rows) == 0 || !slices.Equal(rows[0], export.CSVColumns) {
		t.Fatalf("%s: columns %q", reader, rows)
	}
	rows = rows[1:]
	if len(rows) != len(csvWant) {
		t.Fatalf("%s: %d rows, want %d", reader, len(rows), len(csvWant))
	}
	for i, r := range rows {
		got := []string{r[0], r[2], r[3], r[4], r[5], r[6]}
		if !slices.Equal(got, csvWant[i]) {
			t.Errorf("%s: row %d reads %q, want %q", reader, i+1, got, csvWant[i])
		}
		if r[7] != keys[i][0] || r[8] != keys[i][1] {
			t.Errorf("%s: row %d has key %q and permalink %q, want %q", reader, i+1, r[7], r[8], keys[i])
		}
	}
}

// jsonKeys lists the fixture's keys and permalinks in export order.
func jsonKeys(t *testing.T) [][2]string {
	t.Helper()
	var e struct {
		Chats []struct {
			Messages []struct{ Key, Permalink string }
		}
	}
	if err := json.Unmarshal(must(run(t, fixture(t, false), "json", export.Filter{})), &e); err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, c := range e.Chats {
		for _, m := range c.Messages {
			out = append(out, [2]string{m.Key, m.Permalink})
		}
	}
	return out
}

// TestCSVReadsBack: Go's encoding/csv reads the export back cell for cell
// (the byte order mark first, then RFC 4180 with CRLF line ends).
func TestCSVReadsBack(t *testing.T) {
	b := must(run(t, fixture(t, false), "csv", export.Filter{}))
	body, ok := bytes.CutPrefix(b, []byte("\ufeff"))
	if !ok {
		t.Fatalf("no byte order mark: %q", b[:10])
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = len(export.CSVColumns)
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("\r\n")) || bytes.Count(b, []byte("\r\n")) != len(rows) {
		t.Errorf("%d CRLF for %d rows: rows end in CRLF, texts keep their LF", bytes.Count(b, []byte("\r\n")), len(rows))
	}
	checkRows(t, "encoding/csv", rows, jsonKeys(t))
}

// TestCSVReadsBackInPython: Python's csv module reads the file as a
// spreadsheet script would (utf-8-sig drops the byte order mark).
func TestCSVReadsBackInPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to read the CSV back as scripts do")
	}
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, must(run(t, fixture(t, false), "csv", export.Filter{})), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    json.dump(list(csv.reader(f, strict=True)), sys.stdout)`
	out, err := exec.Command(python, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var rows [][]string
	if err := json.Unmarshal(out, &rows); err != nil {
		t.Fatal(err)
	}
	checkRows(t, "python csv", rows, jsonKeys(t))
}

// TestDefuse: what a spreadsheet would take for a formula gets a quote;
// nothing else changes.
func TestDefuse(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1555": "'+1555", "-x": "'-x", "@SUM(1)": "'@SUM(1)", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "plain": "plain", " =1": " =1", "x=1": "x=1", "'quoted": "'quoted",
	} {
		if got := export.Defuse(in); got != want {
			t.Errorf("Defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCSVOnATerminal: printed on a terminal, the cells carry no control
// sequence; in a file they keep the archive's text.
func TestCSVOnATerminal(t *testing.T) {
	s := fixture(t, false)
	var buf bytes.Buffer
	m := meta
	m.Terminal = true
	if _, err := export.Run(context.Background(), s, export.Filter{}, m, export.NewCSV(&buf), nil); err != nil {
		t.Fatal(err)
	}
	out := strings.ReplaceAll(buf.String(), "\r\n", "\n")
	if termsafe.Text(out) != out {
		t.Errorf("unsafe text on a terminal:\n%q", out)
	}
	if file := string(must(run(t, s, "csv", export.Filter{}))); !strings.Contains(file, "\u202eevil") {
		t.Error("the file lost the text as archived")
	}
}
