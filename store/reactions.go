package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Reaction is one person's reaction to a message.
type Reaction struct {
	Emotion string    // the reaction's key, e.g. "like", "heart"
	User    string    // who reacted, a handle
	Time    time.Time // when; zero if unknown
}

// RefReactions are the reactions a source reported for one of its messages,
// which it names by the reference it gives Ingest.
type RefReactions struct {
	Ref       string
	Reactions []Reaction
}

// AddReactions records the reactions a source reported, in one
// transaction. They are filed under the source's reference, so they apply
// to the message however it was merged, whether it is ingested before or
// after. Recording them again changes nothing, and a reaction once recorded
// stays. It returns how many reactions were new.
func (s *Store) AddReactions(ctx context.Context, source string, list []RefReactions) (int, error) {
	for _, rr := range list {
		for _, r := range rr.Reactions {
			if rr.Ref == "" || r.Emotion == "" || r.User == "" {
				return 0, fmt.Errorf("store: add reactions from %s: a reaction needs a message reference, an emotion and a user (%q %q %q)", source, rr.Ref, r.Emotion, r.User)
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	added := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sources (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, source); err != nil {
			return err
		}
		var sourceID int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE name = ?`, source).Scan(&sourceID); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO reactions (source_id, ref, emotion, user, at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, rr := range list {
			for _, r := range rr.Reactions {
				res, err := st.ExecContext(ctx, sourceID, rr.Ref, r.Emotion, r.User, editedMillis(r.Time))
				if err != nil {
					return err
				}
				n, err := res.RowsAffected()
				if err != nil {
					return err
				}
				added += int(n)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: add reactions from %s: %w", source, err)
	}
	return added, nil
}

// Reactions returns the reactions to the given messages, by message id:
// what every source that reported a message said of it, each person's
// reaction once, oldest first.
func (s *Store) Reactions(ctx context.Context, messageIDs []int64) (map[int64][]Reaction, error) {
	if len(messageIDs) == 0 {
		return nil, nil
	}
	ids, err := json.Marshal(messageIDs)
	if err != nil {
		return nil, err
	}
	// An archive without reactions (one collected live) answers at once.
	var any bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM reactions)`).Scan(&any); err != nil || !any {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `
		SELECT m.id, r.emotion, r.user, r.at FROM messages m
			JOIN reactions r ON r.source_id = m.source_id AND r.ref = m.ref
			WHERE m.id IN (SELECT value FROM json_each(?1))
		UNION ALL
		SELECT x.message_id, r.emotion, r.user, r.at FROM message_refs x
			JOIN reactions r ON r.source_id = x.source_id AND r.ref = x.ref
			WHERE x.message_id IN (SELECT value FROM json_each(?1))`, string(ids))
	if err != nil {
		return nil, fmt.Errorf("store: reactions: %w", err)
	}
	defer rows.Close()
	out := map[int64][]Reaction{}
	for rows.Next() {
		var id, at int64
		var r Reaction
		if err := rows.Scan(&id, &r.Emotion, &r.User, &at); err != nil {
			return nil, fmt.Errorf("store: reactions: %w", err)
		}
		r.Time = millisTime(at)
		out[id] = append(out[id], r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reactions: %w", err)
	}
	for id, rs := range out {
		out[id] = onePerPerson(rs)
	}
	return out, nil
}

// onePerPerson orders reactions oldest first (unknown times last) and keeps
// the first of each person's reactions with the same emotion, as two
// sources that both saw it report it twice.
func onePerPerson(rs []Reaction) []Reaction {
	slices.SortStableFunc(rs, func(a, b Reaction) int {
		if a.Time.IsZero() != b.Time.IsZero() {
			if a.Time.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.Emotion, b.Emotion), cmp.Compare(a.User, b.User))
	})
	seen := map[[2]string]bool{}
	return slices.DeleteFunc(rs, func(r Reaction) bool {
		k := [2]string{r.Emotion, r.User}
		if seen[k] {
			return true
		}
		seen[k] = true
		return false
	})
}
