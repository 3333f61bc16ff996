package store

import "strings"

// countedRows is how many stats_counted rows one statement writes: one
// round trip through database/sql and the driver instead of countedRows.
const countedRows = 64

// countedColumns is the number of columns countedInto names.
const countedColumns = 5

// countedQuery is the statement that writes rows stats_counted rows.
func countedQuery(rows int) string {
	row := "(?" + strings.Repeat(", ?", countedColumns-1) + ")"
	return `INSERT OR REPLACE INTO stats_counted (message_id, chat_id, sent_at, author, words) VALUES ` +
		row + strings.Repeat(", "+row, rows-1)
}

var (
	countedGroup = countedQuery(countedRows)
	countedOne   = countedQuery(1)
)

// putCounted records what a message counted for, written with others in
// groups. A batch meets each message once (readStatsChanges), so no
// statement of the batch reads a row still waiting here.
func (c *statsCounter) putCounted(id, chat, sent int64, author string, words int) error {
	c.counted = append(c.counted, id, chat, sent, author, words)
	if len(c.counted) < countedRows*countedColumns {
		return nil
	}
	return c.flushCounted()
}

// flushCounted writes the rows putCounted holds: a full group in one
// statement, fewer one by one.
func (c *statsCounter) flushCounted() error {
	rows := len(c.counted) / countedColumns
	if rows == 0 {
		return nil
	}
	defer func() { clear(c.counted); c.counted = c.counted[:0] }()
	if rows == countedRows {
		return c.exec(countedGroup, c.counted...)
	}
	for i := range rows {
		if err := c.exec(countedOne, c.counted[i*countedColumns:(i+1)*countedColumns]...); err != nil {
			return err
		}
	}
	return nil
}
