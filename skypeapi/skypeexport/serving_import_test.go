package skypeexport

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/chatchannels/chatchannels/store"
	"github.com/chatchannels/chatchannels/store/storetest"
)

// TestImportGivingWayLosesNothing: an import in a process that serves
// pages, giving way before each batch to a request in flight throughout,
// reports and archives exactly what the same import does with nothing to
// give way to.
func TestImportGivingWayLosesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "messages.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := genExport(f, 2, importBatch*3/4+7, 0); err != nil { // a few batches
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	importOnce := func() (Report, string) {
		rep, s := importFresh(t, path)
		dump, err := storetest.Dump(context.Background(), s, storetest.Options{Reading: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep, dump
	}
	quietRep, quiet := importOnce()
	end := store.Serving.Begin()
	busyRep, busy := importOnce()
	end()
	if quietRep.Added == 0 || !reflect.DeepEqual(quietRep, busyRep) {
		t.Errorf("giving way the import reports %+v, without %+v", busyRep, quietRep)
	}
	if busy != quiet {
		t.Errorf("giving way the archive differs: %s", storetest.FirstDifference(quiet, busy))
	}
}
