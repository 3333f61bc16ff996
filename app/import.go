package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/chatchannels/chatchannels/skypeexport"
	"github.com/chatchannels/chatchannels/store"
)

// runImport imports Skype exports (.tar or messages.json), reporting what
// each added, merged and skipped. Importing a file again changes nothing.
func runImport(ctx context.Context, e *env, args []string) error {
	fs, data := commandFlags(e, "import")
	if err := parse(e, fs, data, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return errors.New("import: name the Skype export to import (.tar or messages.json)")
	}
	s, err := store.Open(e.dataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, path := range fs.Args() {
		p := newProgress(e.stderr, "import "+path)
		rep, err := skypeexport.Import(ctx, s, path, func(n int) { p.update(int64(n), 0) })
		p.done()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: %d conversations; %d messages added, %d merged with ones already archived, %d updated, %d already archived",
			path, rep.Conversations, rep.Added, rep.Merged, rep.Updated, rep.Unchanged)
		if n := rep.SkippedSystem + rep.SkippedBlank + rep.SkippedNoFrom; n > 0 {
			fmt.Fprintf(e.stdout, "; skipped %d (%d in system conversations, %d empty server notices, %d without a sender)",
				n, rep.SkippedSystem, rep.SkippedBlank, rep.SkippedNoFrom)
		}
		fmt.Fprintln(e.stdout)
	}
	return s.WaitIndexed(ctx)
}
