package maindb

import (
	"slices"
	"testing"
)

// FuzzDecodeMessageRow decodes Messages rows whose every cell is any kind
// of value SQLite can hold (NULL, integer, real, text, blob), fast, beside
// FuzzMainDBRow, which builds real files: it never panics, text columns
// take anything, and a row is refused only for a number column holding
// what is not a whole number, or a guid holding a number.
func FuzzDecodeMessageRow(f *testing.F) {
	f.Add([]byte{1, 1, 3, 3, 3, 1, 0, 1, 3, 3, 1, 4}, int64(1375219588), 61.0, "#alice/$bob;1")
	f.Add([]byte{3}, int64(0), 0.5, "yesterday")
	f.Add([]byte{2, 4, 0}, int64(-1), 1e300, "\xff\u202e")
	f.Fuzz(func(t *testing.T, kinds []byte, n int64, x float64, s string) {
		if len(kinds) == 0 {
			kinds = []byte{0}
		}
		cells := make([]any, len(messageColumns))
		for i := range cells {
			switch kinds[i%len(kinds)] % 5 {
			case 0:
				cells[i] = nil
			case 1:
				cells[i] = n + int64(i)
			case 2:
				cells[i] = x
			case 3:
				cells[i] = s
			case 4:
				cells[i] = []byte(s)
			}
		}
		row, bad := decodeMessageRow(cells)
		textColumns := []string{"chatname", "author", "from_dispname", "body_xml", "edited_by"}
		if bad != "" {
			if slices.Contains(textColumns, bad) || !slices.Contains(messageColumns, bad) {
				t.Fatalf("refused for %q", bad)
			}
			return
		}
		if row.author != text(cells[3]) || row.body != text(cells[8]) {
			t.Fatalf("text read as %q, %q", row.author, row.body)
		}
	})
}
