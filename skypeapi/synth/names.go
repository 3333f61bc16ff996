package synth

import (
	"math/rand"
	"strconv"
	"strings"
)

// user is one generated Skype account.
type user struct {
	handle  string // Skype name, e.g. "bob.smith" or "live:carol_1"
	name    string // display name, raw
	nameEsc string // display name escaped for markup
}

// person is a name part with an ASCII transliteration for handles.
type person struct{ display, ascii string }

// culture groups first and last names that go together.
type culture struct {
	weight      int
	first       []person
	last        []person
	familyFirst bool // display "Family Given", as in Japanese
	feminine    bool // last names take a feminine suffix for female first names
	female      int  // first[:female] are female names
	latinAlt    bool // display may be transliterated to Latin
}

var cultures = []culture{
	{weight: 42, female: 12,
		first: []person{{"Alice", "alice"}, {"Carol", "carol"}, {"Eve", "eve"}, {"Grace", "grace"}, {"Judy", "judy"},
			{"Emma", "emma"}, {"Olivia", "olivia"}, {"Chloe", "chloe"}, {"Zoë", "zoe"}, {"Renée", "renee"},
			{"Sophia", "sophia"}, {"Mia", "mia"},
			{"Bob", "bob"}, {"Dave", "dave"}, {"Frank", "frank"}, {"Oscar", "oscar"}, {"Victor", "victor"},
			{"Walter", "walter"}, {"Liam", "liam"}, {"Noah", "noah"}, {"James", "james"}, {"Lucas", "lucas"},
			{"Seán", "sean"}, {"José", "jose"}, {"François", "francois"}, {"Tom", "tom"}, {"Mike", "mike"}},
		last: []person{{"Smith", "smith"}, {"Jones", "jones"}, {"Brown", "brown"}, {"Miller", "miller"},
			{"O'Brien", "obrien"}, {"O'Neill", "oneill"}, {"García", "garcia"}, {"Dubois", "dubois"},
			{"Lefèvre", "lefevre"}, {"Taylor", "taylor"}, {"Wilson", "wilson"}, {"Clarke", "clarke"},
			{"Nowak", "nowak"}, {"Kowalski", "kowalski"}, {"Novák", "novak"}, {"Åström", "astrom"}, {"Øyen", "oyen"}}},
	{weight: 20, female: 6,
		first: []person{{"Anja", "anja"}, {"Katrin", "katrin"}, {"Jana", "jana"}, {"Sabine", "sabine"},
			{"Lena", "lena"}, {"Jürgen", "juergen"}, {"Jörg", "joerg"}, {"Günter", "guenter"}, {"Björn", "bjoern"},
			{"Stefan", "stefan"}, {"Max", "max"}, {"Lukas", "lukas"}},
		last: []person{{"Müller", "mueller"}, {"Groß", "gross"}, {"Schröder", "schroeder"}, {"Weiß", "weiss"},
			{"Schmidt", "schmidt"}, {"Fischer", "fischer"}, {"Becker", "becker"}, {"Hoffmann", "hoffmann"},
			{"Köhler", "koehler"}, {"Wagner", "wagner"}}},
	{weight: 18, female: 5, feminine: true, latinAlt: true,
		first: []person{{"Анна", "anna"}, {"Ольга", "olga"}, {"Наталья", "natalya"}, {"Мария", "maria"},
			{"Екатерина", "ekaterina"}, {"Дмитрий", "dmitry"}, {"Сергей", "sergey"}, {"Алексей", "alexey"},
			{"Иван", "ivan"}, {"Михаил", "mikhail"}},
		last: []person{{"Иванов", "ivanov"}, {"Петров", "petrov"}, {"Смирнов", "smirnov"}, {"Кузнецов", "kuznetsov"},
			{"Соколов", "sokolov"}, {"Попов", "popov"}, {"Волков", "volkov"}}},
	{weight: 12, female: 3, familyFirst: true, latinAlt: true,
		first: []person{{"花子", "hanako"}, {"由美", "yumi"}, {"さくら", "sakura"}, {"太郎", "taro"},
			{"健", "ken"}, {"翔太", "shota"}, {"大輔", "daisuke"}},
		last: []person{{"田中", "tanaka"}, {"佐藤", "sato"}, {"鈴木", "suzuki"}, {"高橋", "takahashi"},
			{"山本", "yamamoto"}, {"渡辺", "watanabe"}}},
}

var nameEmoji = []string{" 🌸", " 🚴", " ☀️", " 🎸", " (work)"}

// makeUsers generates n users with unique handles.
func makeUsers(r *rand.Rand, n int) []user {
	total := 0
	for _, c := range cultures {
		total += c.weight
	}
	users := make([]user, 0, n)
	taken := make(map[string]bool, n)
	for len(users) < n {
		x := r.Intn(total)
		ci := 0
		for x >= cultures[ci].weight {
			x -= cultures[ci].weight
			ci++
		}
		c := &cultures[ci]
		fi := r.Intn(len(c.first))
		first, last := c.first[fi], c.last[r.Intn(len(c.last))]
		if c.feminine && fi < c.female {
			last = person{last.display + "а", last.ascii + "a"}
		}
		u := user{handle: makeHandle(r, first.ascii, last.ascii, taken)}
		taken[u.handle] = true
		u.name = displayName(r, c, first, last)
		u.nameEsc = escape(u.name)
		users = append(users, u)
	}
	return users
}

// makeHandle returns an unused Skype name in one of the common styles.
func makeHandle(r *rand.Rand, first, last string, taken map[string]bool) string {
	var h string
	switch x := r.Intn(100); {
	case x < 20:
		h = first
	case x < 45:
		h = first + "." + last
	case x < 70:
		h = "live:" + first + "_" + strconv.Itoa(1+r.Intn(9))
	case x < 85:
		h = first + last[:1] + strconv.Itoa(70+r.Intn(30))
	default:
		h = first + "_" + last
	}
	for base, i := h, 2; taken[h]; i++ {
		h = base + strconv.Itoa(i)
	}
	return h
}

// displayName picks how the user presents themselves.
func displayName(r *rand.Rand, c *culture, first, last person) string {
	x := r.Intn(100)
	if c.latinAlt && x < 25 {
		first = person{display: capitalize(first.ascii)}
		last = person{display: capitalize(last.ascii)}
		c = &cultures[0] // Latin order
		x = 30 + r.Intn(70)
	}
	var s string
	switch {
	case x < 20:
		s = first.display
	case x < 30:
		s = first.display + " " + firstRune(last.display) + "."
	case c.familyFirst:
		s = last.display + " " + first.display
	default:
		s = first.display + " " + last.display
	}
	if r.Intn(30) == 0 {
		s += nameEmoji[r.Intn(len(nameEmoji))]
	}
	return s
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func firstRune(s string) string {
	for i := range s {
		if i > 0 {
			return s[:i]
		}
	}
	return s
}
