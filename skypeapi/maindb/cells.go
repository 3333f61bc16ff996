package maindb

import (
	"database/sql"
	"math"
	"strconv"
	"strings"
)

// SQLite keeps any value in any column: a main.db written by a broken
// tool, or edited by hand, can hold text where Skype keeps a number. Rows
// are read as the values SQLite holds (cells) and decoded here, so that
// such a row is left out and counted, with the column named, instead of
// failing the whole file.

// scanCells reads the current row's n columns as SQLite holds them.
func scanCells(rows *sql.Rows, n int) ([]any, error) {
	cells := make([]any, n)
	ptrs := make([]any, n)
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, err
	}
	return cells, nil
}

// integer reads a cell that should hold a whole number: NULL is 0, a real
// with no fraction and numeric text are read as that number. ok is false
// for anything else (text, a blob, a fraction, a real out of range).
func integer(v any) (n int64, ok bool) {
	switch v := v.(type) {
	case nil:
		return 0, true
	case int64:
		return v, true
	case float64:
		if v != math.Trunc(v) || v < math.MinInt64 || v >= math.MaxInt64 {
			return 0, false
		}
		return int64(v), true
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		return n, err == nil
	case []byte:
		return integer(string(v))
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// text reads a cell that should hold text: NULL is "", a blob its bytes,
// a number as written.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []byte:
		return string(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// blob reads a cell that should hold bytes (a guid): NULL is none, text
// its bytes; a number is not a guid.
func blob(v any) ([]byte, bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case []byte:
		return v, true
	case string:
		return []byte(v), true
	}
	return nil, false
}

// decoder reads the cells of one row in order, noting the first column
// whose value is of the wrong kind.
type decoder struct {
	cells   []any
	columns []string
	i       int
	bad     string // the first column with a value of the wrong kind
}

func (d *decoder) next() (any, string) {
	v, col := d.cells[d.i], d.columns[d.i]
	d.i++
	return v, col
}

func (d *decoder) int() int64 {
	v, col := d.next()
	n, ok := integer(v)
	if !ok && d.bad == "" {
		d.bad = col
	}
	return n
}

func (d *decoder) nullInt() sql.NullInt64 {
	v, col := d.next()
	if v == nil {
		return sql.NullInt64{}
	}
	n, ok := integer(v)
	if !ok && d.bad == "" {
		d.bad = col
	}
	return sql.NullInt64{Int64: n, Valid: ok}
}

func (d *decoder) text() string {
	v, _ := d.next()
	return text(v)
}

func (d *decoder) blob() []byte {
	v, col := d.next()
	b, ok := blob(v)
	if !ok && d.bad == "" {
		d.bad = col
	}
	return b
}
