package skypeexport

import (
	"archive/tar"
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/chatchannels/chatchannels/store"
)

// MediaReport is what copying an export's media/ folder did.
type MediaReport struct {
	MediaCopied  int   // files copied into the archive's media folder
	MediaKept    int   // files the archive already held
	MediaSkipped int   // entries under media/ not understood (a bad name or description), left out
	MediaLinks   int   // hard links under media/, left out: a tar stores no bytes for one (the entry it repeats is copied as itself)
	MediaDamage  error // the tar broke off while its media were read; the files before it are kept
}

// maxMediaDescription bounds the size of a media/<docid>.json read.
const maxMediaDescription = 64 << 10

// sharedFile is what the tar tells of one shared file.
type sharedFile struct {
	name  string                     // "filename" of its description
	types map[string]string          // content type of each part ("1", "2"), from the description
	exts  map[store.MediaPart]string // file name extension of each part in the tar
}

// copyMedia copies the shared files under media/ in the export tar at path
// into the archive: media/<docid>.1.<ext> (the file) and .2.<ext> (a
// preview) are streamed to disk, and media/<docid>.json gives the name and
// content type recorded once the tar is read. The tar is read once more from
// its start (an uncompressed one seeks past everything else), so media may
// come before or after messages.json. An entry is only ever written under a
// name made from a valid document id: its own name never reaches the file
// system.
func copyMedia(ctx context.Context, s *store.Store, path string, rep *MediaReport) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	tr, err := tarReader(f)
	if err != nil {
		return err
	}
	c, err := newMediaCopier(s, rep)
	if err != nil {
		return err
	}
	last := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, tar.ErrInsecurePath) { // with GODEBUG=tarinsecurepath=0
			rep.MediaSkipped++
			continue
		}
		if err != nil {
			rep.MediaDamage = tarError(err, false, last)
			break
		}
		last = h.Name
		if !isMedia(h) {
			continue
		}
		if h.Typeflag == tar.TypeLink {
			rep.MediaLinks++ // its target is copied under its own name
			continue
		}
		err = c.copy(strings.TrimPrefix(strings.TrimPrefix(h.Name, "./"), "media/"), isFile(h), tr, h.Size)
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, tar.ErrHeader) {
			rep.MediaDamage = tarError(err, false, last)
			break
		}
		if err != nil {
			return err
		}
	}
	return c.finish()
}

// copyMediaDir copies the shared files of an unpacked export: the media
// folder beside its messages.json. Only regular files are read; links are
// left out.
func copyMediaDir(ctx context.Context, s *store.Store, dir string, rep *MediaReport) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	c, err := newMediaCopier(s, rep)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !e.Type().IsRegular() {
			c.copy(e.Name(), false, nil, 0) // counted as left out
			continue
		}
		if err := copyMediaFile(c, filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return c.finish()
}

func copyMediaFile(c *mediaCopier, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	return c.copy(filepath.Base(path), fi.Mode().IsRegular(), f, fi.Size())
}

// mediaCopier gathers the shared files of an export, from whichever
// container, into the archive.
type mediaCopier struct {
	s     *store.Store
	rep   *MediaReport
	files map[string]*sharedFile
}

func newMediaCopier(s *store.Store, rep *MediaReport) (*mediaCopier, error) {
	if err := s.SweepMedia(); err != nil {
		return nil, err
	}
	return &mediaCopier{s: s, rep: rep, files: map[string]*sharedFile{}}, nil
}

// copy takes one entry of the media folder, named as inside it; entries
// that are not a shared file's part or description are counted and left
// out.
func (c *mediaCopier) copy(name string, regular bool, r io.Reader, size int64) error {
	id, part, ext, ok := mediaEntry(name, regular)
	if !ok {
		c.rep.MediaSkipped++
		return nil
	}
	sf, ok := c.files[id]
	if !ok {
		sf = &sharedFile{exts: map[store.MediaPart]string{}}
		c.files[id] = sf
	}
	if part == 0 {
		if !sf.describe(r) {
			c.rep.MediaSkipped++
		}
		return nil
	}
	wrote, err := c.s.PutMediaPart(id, part, r, size)
	if err != nil {
		return err
	}
	if wrote {
		c.rep.MediaCopied++
	} else {
		c.rep.MediaKept++
	}
	sf.exts[part] = ext
	return nil
}

// finish records what is known of every shared file copied.
func (c *mediaCopier) finish() error {
	for id, sf := range c.files {
		if err := recordMedia(c.s, id, sf); err != nil {
			return err
		}
	}
	return nil
}

// tarReader reads a tar, gzip-compressed or not.
func tarReader(f *os.File) (*tar.Reader, error) {
	br := bufio.NewReader(f)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		return tar.NewReader(zr), nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return tar.NewReader(f), nil // on the file itself, so that skipping seeks
}

// mediaEntry reads the name of a regular file in the media folder:
// "<docid>.json" (part 0, its description) or "<docid>.<part>[.<ext>]" with
// part 1 or 2.
func mediaEntry(name string, regular bool) (id string, part store.MediaPart, ext string, ok bool) {
	if !regular {
		return "", 0, "", false
	}
	id, rest, _ := strings.Cut(name, ".")
	if !store.ValidMediaID(id) {
		return "", 0, "", false
	}
	if rest == "json" {
		return id, 0, "", true
	}
	n, ext, _ := strings.Cut(rest, ".")
	switch n {
	case "1":
		part = store.MediaContent
	case "2":
		part = store.MediaPreview
	default:
		return "", 0, "", false
	}
	if !plainExtension(ext) {
		return "", 0, "", false
	}
	return id, part, strings.ToLower(ext), true
}

// plainExtension reports whether ext is a short run of letters and digits.
func plainExtension(ext string) bool {
	if len(ext) > 16 {
		return false
	}
	for i := 0; i < len(ext); i++ {
		c := ext[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// describe reads a media/<docid>.json description, such as
// {"filename":"image.png","contents":{"1":{"type":"image/png"}}}.
func (sf *sharedFile) describe(r io.Reader) bool {
	var d struct {
		Filename string `json:"filename"`
		Contents map[string]struct {
			Type string `json:"type"`
		} `json:"contents"`
	}
	b, err := io.ReadAll(io.LimitReader(r, maxMediaDescription+1))
	if err != nil || len(b) > maxMediaDescription || json.Unmarshal(b, &d) != nil {
		return false
	}
	sf.name = d.Filename
	sf.types = map[string]string{}
	for part, c := range d.Contents {
		sf.types[part] = c.Type
	}
	return true
}

// recordMedia records the description of a shared file whose content the
// archive holds: its name and types as the export described them, or else
// as their file name extensions tell, or else as recorded before.
func recordMedia(s *store.Store, id string, sf *sharedFile) error {
	size, ok := s.MediaPartSize(id, store.MediaContent)
	if !ok {
		return nil // described but not there (expired on the server), or cut off
	}
	m, err := s.Media(id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	m.ID, m.Size = id, size
	if name := store.CleanFileName(sf.name); name != "" {
		m.Name = name
	} else if m.Name == "" {
		m.Name = id
		if ext := sf.exts[store.MediaContent]; ext != "" {
			m.Name += "." + ext
		}
	}
	m.Type = cmp.Or(sf.partType(store.MediaContent), m.Type, "application/octet-stream")
	if _, ok := s.MediaPartSize(id, store.MediaPreview); ok {
		m.PreviewType = cmp.Or(sf.partType(store.MediaPreview), m.PreviewType, "application/octet-stream")
	}
	_, err = s.PutMedia(m)
	return err
}

// partType is the content type of a part, as described or as its extension
// tells; "" when neither does.
func (sf *sharedFile) partType(part store.MediaPart) string {
	if t := sf.types[strconv.Itoa(int(part))]; t != "" {
		return t
	}
	if ext := sf.exts[part]; ext != "" {
		return mime.TypeByExtension("." + ext)
	}
	return ""
}
