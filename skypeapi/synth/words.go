package synth

import (
	"strings"
	"sync"
)

// vocabSize is the total number of distinct words in the vocabulary.
const vocabSize = 4000

// vocabData is the package-wide vocabulary, identical for every Config.
type vocabData struct {
	words  []string    // raw words, most frequent (lowest Zipf rank) first
	esc    []string    // words escaped for Skype markup, same order
	pseudo []string    // ASCII pseudo-words, for URL paths
	freq   *aliasTable // Zipf sampler over word ranks
}

// vocabulary builds the vocabulary once, deterministically.
var vocabulary = sync.OnceValue(buildVocabulary)

// splitmix is a tiny deterministic generator for package-level tables.
type splitmix uint64

func (s *splitmix) next() uint64 {
	*s += 0x9e3779b97f4a7c15
	z := uint64(*s)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func (s *splitmix) intn(n int) int { return int(s.next() % uint64(n)) }

func buildVocabulary() *vocabData {
	rng := splitmix(0x5ca1ab1e)
	seen := make(map[string]bool, vocabSize)
	var english, foreign []string
	add := func(dst []string, words []string) []string {
		for _, w := range words {
			if k := strings.ToLower(w); !seen[k] {
				seen[k] = true
				dst = append(dst, w)
			}
		}
		return dst
	}
	english = add(english, englishWords)
	for _, l := range [][]string{germanWords, russianWords, japaneseWords, emojiWords, specialWords} {
		foreign = add(foreign, l)
	}
	for i := len(foreign) - 1; i > 0; i-- {
		j := rng.intn(i + 1)
		foreign[i], foreign[j] = foreign[j], foreign[i]
	}
	var pseudo []string
	for len(english)+len(foreign)+len(pseudo) < vocabSize {
		if w := pseudoWord(&rng); !seen[w] {
			seen[w] = true
			pseudo = append(pseudo, w)
		}
	}

	// The most frequent ranks are English function words; after that the
	// sources are interleaved so that distinctive pseudo-words and
	// non-English words occur at every frequency.
	const head = 40
	v := &vocabData{pseudo: pseudo}
	v.words = append(make([]string, 0, vocabSize), english[:head]...)
	ei, pi, fi := head, 0, 0
	for len(v.words) < vocabSize {
		x := rng.intn(100)
		switch {
		case x < 55 && ei < len(english):
			v.words = append(v.words, english[ei])
			ei++
		case x < 95 && pi < len(pseudo):
			v.words = append(v.words, pseudo[pi])
			pi++
		case fi < len(foreign):
			v.words = append(v.words, foreign[fi])
			fi++
		case ei < len(english):
			v.words = append(v.words, english[ei])
			ei++
		default:
			v.words = append(v.words, pseudo[pi])
			pi++
		}
	}
	v.freq = newZipfTable(len(v.words), wordSkew, wordShift)
	v.esc = make([]string, len(v.words))
	for i, w := range v.words {
		v.esc[i] = escape(w)
	}
	return v
}

var (
	onsets = []string{"b", "bl", "br", "d", "dr", "f", "fr", "g", "gl", "gr", "k", "kr", "l", "m", "n",
		"p", "pr", "r", "s", "sk", "sl", "sn", "st", "t", "tr", "v", "w", "z", "th", "sh", "ch", ""}
	nuclei = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou", "ee", "oo", "y"}
	codas  = []string{"", "", "", "", "", "n", "r", "l", "s", "m", "k", "nd", "rt", "st", "x"}
)

// pseudoWord returns a pronounceable lowercase ASCII non-word.
func pseudoWord(rng *splitmix) string {
	var b []byte
	var n int
	switch x := rng.intn(100); {
	case x < 15:
		n = 1
	case x < 70:
		n = 2
	case x < 97:
		n = 3
	default:
		n = 4
	}
	for len(b) < 3 || n > 0 {
		b = append(b, onsets[rng.intn(len(onsets))]...)
		b = append(b, nuclei[rng.intn(len(nuclei))]...)
		b = append(b, codas[rng.intn(len(codas))]...)
		n--
	}
	return string(b)
}

// escape returns s with the characters that are special in Skype markup
// replaced by entities.
func escape(s string) string {
	if !strings.ContainsAny(s, `&<>'"`) {
		return s
	}
	return string(appendEscaped(nil, s))
}

// appendEscaped appends s to dst, escaping &, <, >, ' and ".
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		case '>':
			dst = append(dst, "&gt;"...)
		case '\'':
			dst = append(dst, "&apos;"...)
		case '"':
			dst = append(dst, "&quot;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
