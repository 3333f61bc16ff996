package store

import (
	"cmp"
	"math/bits"
	"slices"
)

// The in-memory picture must stay small whatever the archive's size: it
// is what an import's memory grows with. These two sets cost about 2 and
// 28 bytes a message, where Go maps cost over 90 together.

// slotSet is a set of 64-bit slots that may say yes for a slot it never
// held (well under one time in a hundred) but never no for one it holds:
// its yes only sends ingest to look at the disk. It is a chain of Bloom
// filters, each twice the size of the one before, so it grows without
// knowing its size; 14 bits a slot.
type slotSet struct {
	filters []bloom
}

// bloom is one Bloom filter of 10 probes over 14 bits per slot it is made
// for: a false yes about one time in 2000 when full.
type bloom struct {
	bits     []uint64
	held, of int // slots added, and how many it is made for
}

const (
	firstFilterSlots = 1 << 16
	bitsPerSlot      = 14
	bloomProbes      = 10
)

func newBloom(slots int) bloom {
	return bloom{bits: make([]uint64, (slots*bitsPerSlot+63)/64), of: slots}
}

// probe is the i-th bit position of a slot: double hashing of the slot's
// mixed halves, mapped onto the filter by multiplication (no division).
func (b *bloom) probe(h uint64, i uint64) uint64 {
	h1, h2 := h&0xffffffff, h>>32|1
	pos, _ := bits.Mul64((h1+i*h2)*0x9e3779b97f4a7c15, uint64(len(b.bits))*64)
	return pos
}

// mix is splitmix64's finalizer: slots are FNV hashes, whose bits are not
// spread well enough for probing.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

func (b *bloom) add(h uint64) {
	for i := range uint64(bloomProbes) {
		p := b.probe(h, i)
		b.bits[p/64] |= 1 << (p % 64)
	}
	b.held++
}

func (b *bloom) has(h uint64) bool {
	for i := range uint64(bloomProbes) {
		if p := b.probe(h, i); b.bits[p/64]&(1<<(p%64)) == 0 {
			return false
		}
	}
	return true
}

// reserve makes the first filter room for n slots and as many again, when
// the set is still empty: loading the archive's picture then fills one
// filter instead of a chain of them.
func (s *slotSet) reserve(n int) {
	if len(s.filters) == 0 {
		s.filters = append(s.filters, newBloom(max(2*n, firstFilterSlots)))
	}
}

func (s *slotSet) add(slot uint64) {
	if len(s.filters) == 0 || s.filters[len(s.filters)-1].held >= s.filters[len(s.filters)-1].of {
		size := firstFilterSlots
		if len(s.filters) > 0 {
			size = s.filters[len(s.filters)-1].of * 2
		}
		s.filters = append(s.filters, newBloom(size))
	}
	s.filters[len(s.filters)-1].add(mix(slot))
}

func (s *slotSet) has(slot uint64) bool {
	h := mix(slot)
	for i := range s.filters {
		if s.filters[i].has(h) {
			return true
		}
	}
	return false
}

// refTable maps slots of (source, reference) to what the store remembers
// of them: most entries in one slice sorted by slot (24 bytes each) with a
// table of where each range of slots starts (slots are hashes, spread
// evenly, so a lookup scans a couple of rows), the latest in a small map
// that is merged into the slice as it grows.
type refTable struct {
	sorted []refRow
	starts []uint32 // starts[b]: the first row whose slot's top bits are b or more
	shift  uint     // a slot's bucket is slot >> shift
	recent map[uint64]refEntry
}

type refRow struct {
	slot uint64
	refEntry
}

func (t *refTable) find(slot uint64) (int, bool) {
	if len(t.sorted) == 0 {
		return 0, false
	}
	b := slot >> t.shift
	lo, hi := int(t.starts[b]), int(t.starts[b+1])
	i, ok := slices.BinarySearchFunc(t.sorted[lo:hi], slot, func(r refRow, s uint64) int { return cmp.Compare(r.slot, s) })
	return lo + i, ok
}

func (t *refTable) get(slot uint64) (refEntry, bool) {
	if e, ok := t.recent[slot]; ok {
		return e, true
	}
	if i, ok := t.find(slot); ok {
		return t.sorted[i].refEntry, true
	}
	return refEntry{}, false
}

func (t *refTable) set(slot uint64, e refEntry) {
	if i, ok := t.find(slot); ok {
		t.sorted[i].refEntry = e
		return
	}
	if t.recent == nil {
		t.recent = map[uint64]refEntry{}
	}
	t.recent[slot] = e
	if len(t.recent) > max(len(t.sorted)/8, 1<<14) {
		t.fold()
	}
}

// fold merges the recent entries into the sorted slice.
func (t *refTable) fold() {
	add := make([]refRow, 0, len(t.recent))
	for slot, e := range t.recent {
		add = append(add, refRow{slot, e})
	}
	slices.SortFunc(add, compareRows)
	old := len(t.sorted)
	t.sorted = slices.Grow(t.sorted, len(add))[:old+len(add)]
	for i, j, k := old-1, len(add)-1, len(t.sorted)-1; j >= 0; k-- { // merge from the end
		if i >= 0 && t.sorted[i].slot > add[j].slot {
			t.sorted[k] = t.sorted[i]
			i--
		} else {
			t.sorted[k] = add[j]
			j--
		}
	}
	clear(t.recent)
	t.index()
}

func compareRows(a, b refRow) int { return cmp.Compare(a.slot, b.slot) }

// index rebuilds the table of where each bucket of slots starts, about
// two rows a bucket.
func (t *refTable) index() {
	bucketBits := max(bits.Len(uint(len(t.sorted)/2)), 1)
	t.shift = uint(64 - bucketBits)
	t.starts = make([]uint32, 1<<bucketBits+1)
	row := 0
	for b := range t.starts {
		for row < len(t.sorted) && t.sorted[row].slot>>t.shift < uint64(b) {
			row++
		}
		t.starts[b] = uint32(row)
	}
}

// loadRows fills an empty table from rows in any order, a later row of a
// slot replacing an earlier one, as set would.
func (t *refTable) loadRows(rows []refRow) {
	slices.SortStableFunc(rows, compareRows)
	out := rows[:0]
	for _, r := range rows {
		if n := len(out); n > 0 && out[n-1].slot == r.slot {
			out[n-1] = r
			continue
		}
		out = append(out, r)
	}
	t.sorted = slices.Clip(out)
	t.recent = nil
	t.index()
}

// len is how many slots the table holds.
func (t *refTable) len() int { return len(t.sorted) + len(t.recent) }
