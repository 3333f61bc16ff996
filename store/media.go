package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Shared files (pictures, documents, videos) are kept beside the database,
// in the data folder's media folder, named by their Skype document id:
//
//	media/<id>.1     the file's bytes
//	media/<id>.2     a preview picture (videos), when there is one
//	media/<id>.json  its description (Media), written last
//
// Every file is written under a temporary name and renamed into place, so a
// crash leaves no half-written file under a real name, and a file counts as
// kept once its description is there.

// MediaDir names the folder of shared files inside the data folder.
const MediaDir = "media"

// MediaPart is one of the files kept for a shared file.
type MediaPart int

// The parts of a shared file, numbered as in the Skype export.
const (
	MediaContent MediaPart = 1 // the file itself
	MediaPreview MediaPart = 2 // a preview picture
)

// Media describes a shared file kept in the archive.
type Media struct {
	ID          string `json:"-"`
	Name        string `json:"name"`                   // its original file name
	Type        string `json:"type"`                   // its content type, as the source gave it
	Size        int64  `json:"size"`                   // bytes
	PreviewType string `json:"preview_type,omitempty"` // the preview's content type; "" without one
}

// maxMediaID bounds a document id's length (Skype's are about 40 characters).
const maxMediaID = 128

// ValidMediaID reports whether id can name a kept file: ASCII letters,
// digits, "-" and "_", starting with a letter or digit, and not a name
// Windows reserves for a device. Anything else (a path, "..") is refused
// before it comes near the file system.
func ValidMediaID(id string) bool {
	if id == "" || len(id) > maxMediaID || id[0] == '-' || id[0] == '_' {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return !ReservedOnWindows(id)
}

// ReservedOnWindows reports whether name (without its extension) is one
// Windows keeps for a device, CON, PRN, AUX, NUL, COM0–9 or LPT0–9 in any
// case, which no file can have, whatever its extension.
func ReservedOnWindows(name string) bool {
	switch l := strings.ToLower(strings.TrimRight(name, " ")); {
	case l == "con" || l == "prn" || l == "aux" || l == "nul":
		return true
	case len(l) == 4 && (strings.HasPrefix(l, "com") || strings.HasPrefix(l, "lpt")) && '0' <= l[3] && l[3] <= '9':
		return true
	}
	return false
}

// mediaPath is where a kept file's part or description lives.
func (s *Store) mediaPath(id, suffix string) string {
	return filepath.Join(s.dir, MediaDir, id+suffix)
}

func (p MediaPart) suffix() string {
	if p == MediaPreview {
		return ".2"
	}
	return ".1"
}

// Media returns the description of a kept file, or ErrNotFound.
func (s *Store) Media(id string) (Media, error) {
	if !ValidMediaID(id) {
		return Media{}, ErrNotFound
	}
	b, err := os.ReadFile(s.mediaPath(id, ".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return Media{}, ErrNotFound
	}
	if err != nil {
		return Media{}, fmt.Errorf("store: read media %s: %w", id, err)
	}
	var m Media
	if err := json.Unmarshal(b, &m); err != nil {
		return Media{}, fmt.Errorf("store: read media %s: %w", id, err)
	}
	m.ID = id
	return m, nil
}

// OpenMedia opens a part of a kept file; a missing part is ErrNotFound.
func (s *Store) OpenMedia(id string, part MediaPart) (*os.File, error) {
	if !ValidMediaID(id) {
		return nil, ErrNotFound
	}
	f, err := os.Open(s.mediaPath(id, part.suffix()))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: open media %s: %w", id, err)
	}
	return f, nil
}

// MediaPartSize returns the size of a kept part, and whether it is kept.
func (s *Store) MediaPartSize(id string, part MediaPart) (int64, bool) {
	if !ValidMediaID(id) {
		return 0, false
	}
	fi, err := os.Stat(s.mediaPath(id, part.suffix()))
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	return fi.Size(), true
}

// PutMediaPart keeps a part of a shared file, copied from r, which holds
// size bytes; it is streamed, never held in memory. A part already kept with
// that size is left alone, and PutMediaPart reports whether it wrote.
func (s *Store) PutMediaPart(id string, part MediaPart, r io.Reader, size int64) (bool, error) {
	if !ValidMediaID(id) || part != MediaContent && part != MediaPreview {
		return false, fmt.Errorf("store: keep media %q part %d: not a document id and part", id, part)
	}
	if have, ok := s.MediaPartSize(id, part); ok && have == size {
		return false, nil
	}
	err := s.writeMediaFile(s.mediaPath(id, part.suffix()), func(w io.Writer) error {
		n, err := io.Copy(w, r)
		if err == nil && n != size {
			err = fmt.Errorf("got %d bytes, expected %d", n, size)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: keep media %s: %w", id, err)
	}
	return true, nil
}

// PutMedia records the description of a shared file whose content is kept
// (PutMediaPart first). The name is reduced to a plain file name and the
// type to a bare media type (application/octet-stream when it is not one).
// It writes only when the description changed, and reports whether it did.
func (s *Store) PutMedia(m Media) (bool, error) {
	if !ValidMediaID(m.ID) {
		return false, fmt.Errorf("store: describe media %q: not a document id", m.ID)
	}
	m.Name = CleanFileName(m.Name)
	m.Type = CleanMediaType(m.Type)
	if m.PreviewType != "" {
		m.PreviewType = CleanMediaType(m.PreviewType)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return false, err
	}
	path := s.mediaPath(m.ID, ".json")
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	if err := s.writeMediaFile(path, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return false, fmt.Errorf("store: describe media %s: %w", m.ID, err)
	}
	return true, nil
}

// writeMediaFile writes a file of the media folder under a temporary name,
// flushes it to disk and renames it into place.
func (s *Store) writeMediaFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, mediaTempPrefix+"*")
	if err != nil {
		return err
	}
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// mediaTempPrefix starts the names of files being written; no kept file's
// name starts with it.
const mediaTempPrefix = ".incoming-"

// MediaStamp changes whenever shared files are added to the archive (it is
// the media folder's modification time; 0 while there is none), so that
// what shows them can tell its readers something changed.
func (s *Store) MediaStamp() int64 {
	fi, err := os.Stat(filepath.Join(s.dir, MediaDir))
	if err != nil {
		return 0
	}
	return fi.ModTime().UnixNano()
}

// SweepMedia removes what writes cut short by a crash left in the media
// folder: temporary files older than an hour (younger ones may belong to an
// import running in another process).
func (s *Store) SweepMedia() error {
	dir := filepath.Join(s.dir, MediaDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: sweep %s: %w", dir, err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), mediaTempPrefix) {
			continue
		}
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
	return nil
}

// CleanFileName reduces a name to a plain file name: no folders, no control
// characters, no leading dots, at most 255 bytes. It may return "".
func CleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	for len(name) > 255 {
		_, n := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-n]
	}
	return name
}

// CleanMediaType returns the bare media type of a content type, lower case
// ("image/png" of "Image/PNG; x=y"), or application/octet-stream when it is
// not one.
func CleanMediaType(typ string) string {
	t, _, err := mime.ParseMediaType(typ)
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) || strings.Count(t, "/") != 1 || strings.HasPrefix(t, "/") || strings.HasSuffix(t, "/") {
		return "application/octet-stream"
	}
	return t
}
