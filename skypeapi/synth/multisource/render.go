package multisource

import (
	"archive/tar"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Sources lists what each account holds, as files under dir, account by
// account: its main.db, its export's .tar and the same export unpacked. Each
// account has a folder named as Skype names profile folders ("live#3acarol").
// The live Skype is not a file: see SimWorld.
func (w *World) Sources(dir string) []Source {
	var out []Source
	for pi := range w.People {
		p := &w.People[pi]
		folder := filepath.Join(dir, strings.ReplaceAll(p.Handle, ":", "#3a"))
		holds := w.exportHolds(p, w.sourceRand(ExportTar, pi))
		db := w.mainDBHolds(p)
		w.buildMainDB(pi, db) // says where each is filed
		out = append(out,
			Source{Kind: MainDB, Account: p.Handle, Schema: p.MainDB, Path: filepath.Join(folder, "main.db"), Holds: db},
			Source{Kind: ExportTar, Account: p.Handle, Path: filepath.Join(folder, "8_"+strings.ReplaceAll(p.Handle, ":", "_")+"_export.tar"), Holds: holds},
			Source{Kind: ExportJSON, Account: p.Handle, Path: filepath.Join(folder, "export", "messages.json"), Holds: holds})
	}
	return out
}

// Render writes the files of Sources(dir) and returns them.
func (w *World) Render(dir string) ([]Source, error) {
	srcs := w.Sources(dir)
	for i := 0; i < len(srcs); i += 3 {
		pi := i / 3
		p := &w.People[pi]
		db, tarred, bare := srcs[i], srcs[i+1], srcs[i+2]
		if err := os.MkdirAll(filepath.Dir(bare.Path), 0o755); err != nil {
			return nil, err
		}
		if err := w.buildMainDB(pi, db.Holds).write(db.Path); err != nil {
			return nil, fmt.Errorf("multisource: main.db of %s: %w", p.Handle, err)
		}
		js, err := w.exportJSON(pi, bare.Holds)
		if err != nil {
			return nil, fmt.Errorf("multisource: %w", err)
		}
		if err := os.WriteFile(bare.Path, js, 0o644); err != nil {
			return nil, err
		}
		if err := w.writeTar(tarred.Path, js); err != nil {
			return nil, fmt.Errorf("multisource: export of %s: %w", p.Handle, err)
		}
	}
	return srcs, nil
}

// writeTar writes an export .tar: an uncompressed POSIX tar with
// messages.json at its root, and the endpoints.json beside it that has no
// chat content (spec 1.1).
func (w *World) writeTar(path string, messages []byte) error {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	endpoints := []byte(`{"endpoints":[{"endpointId":"{00000000-0000-0000-0000-000000000000}","clientDescription":"Skype"}]}`)
	for _, f := range []struct {
		name string
		data []byte
	}{{"messages.json", messages}, {"endpoints.json", endpoints}} {
		h := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), ModTime: w.End, Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(f.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}
