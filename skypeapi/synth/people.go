package synth

import (
	"math/rand"
	"slices"
)

// Person is a generated Skype account: its handle (Skype name) and the
// display name it goes by.
type Person struct {
	Handle string // e.g. "bob.smith" or "live:carol_1"
	Name   string // raw display name, e.g. "Bob Müller"
}

// People returns n generated people with unique handles, in the styles a
// generated world's users have. The result is a pure function of seed and n.
func People(seed int64, n int) []Person {
	users := makeUsers(rand.New(rand.NewSource(seed)), max(n, 0))
	out := make([]Person, len(users))
	for i, u := range users {
		out[i] = Person{Handle: u.handle, Name: u.name}
	}
	return out
}

// Words returns the vocabulary that message text is drawn from, most
// frequent first, as raw text (Generator.Vocabulary without a Generator).
func Words() []string {
	return slices.Clone(vocabulary().words)
}

// Escape returns s with the characters that are special in Skype markup
// (&, <, >, ' and ") replaced by entities, as Skype writes bodies.
func Escape(s string) string {
	return escape(s)
}
