package maindb

import (
	"context"
	"slices"

	"github.com/chatchannels/chatchannels/store"
)

// people reads what the file tells of people's names: the name Skype
// showed for each dialog's partner (Conversations.displayname), the
// owner's contacts' (Contacts: the name the owner gave them, else the one
// Skype showed, and the one they gave themselves), and the owner's own
// (Accounts).
func (r *reader) people(ctx context.Context, convs map[int64]*conversation) ([]store.Person, error) {
	var people []store.Person
	ids := make([]int64, 0, len(convs))
	for id := range convs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if c := convs[id]; c.dialog && c.identity != "" && c.shownAs != "" {
			people = append(people, store.Person{Handle: c.identity, ContactName: c.shownAs})
		}
	}
	contacts, err := r.names(ctx, "Contacts", func(cols map[string]bool) (contact, full string) {
		return `coalesce(nullif(` + pick(cols, "given_displayname", "''") + `, ''), ` + pick(cols, "displayname", "''") + `, '')`,
			`coalesce(` + pick(cols, "fullname", "''") + `, '')`
	})
	if err != nil {
		return nil, err
	}
	owner, err := r.names(ctx, "Accounts", func(cols map[string]bool) (contact, full string) {
		return `''`, `coalesce(nullif(` + pick(cols, "fullname", "''") + `, ''), ` + pick(cols, "displayname", "''") + `, '')`
	})
	for i := range owner {
		owner[i].Owner = true
	}
	return append(append(people, contacts...), owner...), err
}

// names reads the people of a table with a skypename column, their
// contact and full names as the expressions columns gives (a table's
// columns differ between Skype versions).
func (r *reader) names(ctx context.Context, table string, columns func(cols map[string]bool) (contact, full string)) ([]store.Person, error) {
	cols, err := r.columns(ctx, table)
	if err != nil || !cols["skypename"] {
		return nil, err
	}
	contact, full := columns(cols)
	rows, err := r.q.QueryContext(ctx, `SELECT skypename, `+contact+`, `+full+` FROM `+table+`
		WHERE coalesce(skypename, '') != '' ORDER BY skypename`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var people []store.Person
	for rows.Next() {
		var p store.Person
		if err := rows.Scan(&p.Handle, &p.ContactName, &p.FullName); err != nil {
			return nil, err
		}
		people = append(people, p)
	}
	return people, rows.Err()
}
