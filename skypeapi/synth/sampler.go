package synth

import "math"

// aliasTable samples from a fixed discrete distribution in O(1) with
// Walker's alias method; draws use integer arithmetic only.
type aliasTable struct {
	prob  []uint32 // chance, scaled to 2^32, of keeping column i
	alias []uint32 // the other outcome of column i
}

// newZipfTable returns a sampler over 0..n-1 with P(k) ∝ (v+k)^-s, the
// distribution of math/rand's Zipf.
func newZipfTable(n int, s, v float64) *aliasTable {
	w := make([]float64, n)
	sum := 0.0
	for k := range w {
		w[k] = math.Pow(v+float64(k), -s)
		sum += w[k]
	}
	for k := range w {
		w[k] *= float64(n) / sum // mean 1
	}
	t := &aliasTable{prob: make([]uint32, n), alias: make([]uint32, n)}
	var small, large []int
	for k, x := range w {
		if x < 1 {
			small = append(small, k)
		} else {
			large = append(large, k)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		sm, lg := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		t.prob[sm] = uint32(w[sm] * (1 << 32))
		t.alias[sm] = uint32(lg)
		w[lg] -= 1 - w[sm]
		if w[lg] < 1 {
			large = large[:len(large)-1]
			small = append(small, lg)
		}
	}
	// Leftovers are full columns (up to rounding).
	for _, k := range append(small, large...) {
		t.prob[k] = math.MaxUint32
		t.alias[k] = uint32(k)
	}
	return t
}

// draw maps 64 random bits to an outcome.
func (t *aliasTable) draw(x uint64) int {
	i := (x & math.MaxUint32) * uint64(len(t.prob)) >> 32
	if uint32(x>>32) < t.prob[i] {
		return int(i)
	}
	return int(t.alias[i])
}
