package store

import (
	"math/rand/v2"
	"testing"
)

func TestSlotSetNeverForgetsAndRarelyImagines(t *testing.T) {
	var s slotSet
	r := rand.New(rand.NewPCG(1, 2))
	held := make([]uint64, 300_000) // over several filters of the chain
	for i := range held {
		held[i] = r.Uint64()
		s.add(held[i])
	}
	for _, slot := range held {
		if !s.has(slot) {
			t.Fatalf("slot %x added but not found", slot)
		}
	}
	if len(s.filters) < 3 {
		t.Errorf("%d filters; the test meant to cross into a third", len(s.filters))
	}
	falseYes := 0
	const tries = 1_000_000
	for range tries {
		if s.has(r.Uint64()) {
			falseYes++
		}
	}
	if rate := float64(falseYes) / tries; rate > 0.005 {
		t.Errorf("false yes for %.3f%% of slots never added, want under 0.5%%", 100*rate)
	}
}

// refTable behaves as the map it replaces, through folds and loading, for
// slots spread as hashes are and for slots bunched together.
func TestRefTableIsAMap(t *testing.T) {
	for name, spread := range map[string]func(uint64) uint64{"hashes": mix, "bunched": func(v uint64) uint64 { return v }} {
		t.Run(name, func(t *testing.T) { testRefTable(t, spread) })
	}
}

func testRefTable(t *testing.T, spread func(uint64) uint64) {
	r := rand.New(rand.NewPCG(3, 4))
	var rows []refRow
	want := map[uint64]refEntry{}
	for i := range 50_000 {
		slot := spread(uint64(r.IntN(40_000))) // repeats: a later row replaces an earlier one
		e := refEntry{message: int64(i), observed: r.Int64()}
		rows = append(rows, refRow{slot, e})
		want[slot] = e
	}
	var tb refTable
	tb.loadRows(rows)
	for i := range 200_000 { // enough new slots for several folds
		slot := spread(uint64(r.IntN(300_000)))
		e := refEntry{message: int64(1_000_000 + i), observed: r.Int64()}
		tb.set(slot, e)
		want[slot] = e
		if i%1000 == 0 {
			probe := spread(uint64(r.IntN(400_000)))
			got, ok := tb.get(probe)
			if w, wok := want[probe]; ok != wok || got != w {
				t.Fatalf("get(%d) = %v %v, want %v %v", probe, got, ok, w, wok)
			}
		}
	}
	if tb.len() != len(want) {
		t.Errorf("%d entries, want %d", tb.len(), len(want))
	}
	for slot, w := range want {
		if got, ok := tb.get(slot); !ok || got != w {
			t.Fatalf("get(%d) = %v %v, want %v", slot, got, ok, w)
		}
	}
}
