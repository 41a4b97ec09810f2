package engine

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sharesafe/sharesafe/photo"
)

// Dest says where a run's safe copies go and how they are named.
type Dest struct {
	// Dir is the output folder, as the user typed it (outputs are said
	// under it). Empty with InPlace.
	Dir string
	// InPlace replaces each photo by its copy, in its own folder.
	InPlace bool
	// Rename gives neutral names: photo-0001.jpg, in folder-0001/… for a
	// photo in a folder, so that no name of the inputs is left and the
	// tree keeps its shape. Not with InPlace.
	Rename bool
}

// settled is what Settle decided for a job.
type settled struct {
	rec     *Record
	root    string // the output folder (absolute, links resolved); in place, the photo's folder
	shown   string // root as said to the user
	abs     string // the input (absolute)
	inPlace bool
	// entry holds the names settled and what made the copy last time.
	entry *Copy
	// copyOf, in place, is set when the input is itself the copy that
	// entry describes (an earlier run's output).
	copyOf bool
	// formats are the formats the copy may take, most likely first.
	formats []photo.Format
}

// Names returns every path the job's copy may be written to (one per
// format its copy may take: a HEIC is a JPEG once masked), the most likely
// first. Empty for a job not made by Settle.
func (j Job) Names() []string {
	if j.set == nil {
		return nil
	}
	var out []string
	for _, f := range j.set.formats {
		if n, ok := j.set.entry.Names[f]; ok {
			out = append(out, j.set.path(n))
		}
	}
	return out
}

// path is where a name settled in the job's output folder is, as said to
// the user.
func (s *settled) path(name string) string { return filepath.Join(s.shown, filepath.FromSlash(name)) }

// ErrNotSettled is the error of a job Redact was given without Settle.
var ErrNotSettled = errors.New("engine: job not settled (use Engine.Settle)")

// Settle gives every input its output names for the whole run, before any
// work, and returns the jobs to pass to Redact (their Plan left to the
// caller). Names are recorded (Record) and the same on every rerun: an
// input keeps the names it was given, and two inputs never share one (the
// same name in two folders with one output folder, IMG_1.heic beside
// IMG_1.jpg, a PNG named .heic whose copy is a .png): the one met later
// gets "-2" (IMG_1-2.jpg), or the next number free. A copy's extension
// follows its content. With Rename, photo and folder numbers are recorded
// and never given to another photo or folder. In place, a photo that is an
// earlier run's copy (converted ones included) is recognised here.
func (e *Engine) Settle(inputs []photo.Input, d Dest) ([]Job, error) {
	switch {
	case d.InPlace && (d.Dir != "" || d.Rename):
		return nil, errors.New("engine: in place takes no output folder and no new names")
	case !d.InPlace && d.Dir == "":
		return nil, errors.New("engine: no output folder")
	}
	type group struct {
		root, shown string
		idx         []int
	}
	var groups []*group
	byRoot := map[string]*group{}
	out := ""
	if !d.InPlace {
		out = realPath(d.Dir)
	}
	for i, in := range inputs {
		root, shown := out, d.Dir
		if d.InPlace {
			shown = filepath.Dir(in.Path)
			root = realPath(shown)
		}
		g := byRoot[root]
		if g == nil {
			g = &group{root: root, shown: shown}
			byRoot[root] = g
			groups = append(groups, g)
		}
		g.idx = append(g.idx, i)
	}
	jobs := make([]Job, len(inputs))
	for _, g := range groups {
		if err := e.settleFolder(inputs, jobs, g.root, g.shown, g.idx, d); err != nil {
			return nil, err
		}
	}
	return jobs, nil
}

// RecordError says the record of safe copies cannot be kept (its folder
// cannot be written): Settle writes nothing without it.
type RecordError struct {
	Dir string
	Err error
}

func (e *RecordError) Error() string {
	return "the record of safe copies cannot be kept in " + e.Dir + ": " + e.Err.Error()
}
func (e *RecordError) Unwrap() error { return e.Err }

// settleFolder settles the names of the inputs idx, whose copies go to one
// folder, under that folder's lock.
func (e *Engine) settleFolder(inputs []photo.Input, jobs []Job, root, shown string, idx []int, d Dest) error {
	rec := e.s.Record
	if rec != nil {
		unlock, err := rec.lock(filepath.Join(rec.dir, "copies", rootKey(root)))
		if err != nil {
			return &RecordError{rec.dir, err}
		}
		defer unlock()
	}
	f := rec.load(root)
	type want struct {
		i       int
		s       *settled
		changed bool
		fresh   bool   // no entry was recorded for this input
		adopted string // the key of the entry it took over (a photo moved)
	}
	var ws []*want
	for _, i := range idx {
		in := inputs[i]
		abs := realPath(in.Path)
		if d.InPlace {
			abs = filepath.Join(root, filepath.Base(in.Path))
		}
		s := &settled{rec: rec, root: root, shown: shown, abs: abs, inPlace: d.InPlace, formats: outputFormats(in.Path)}
		jobs[i] = Job{In: in, set: s}
		if d.InPlace {
			// An earlier run's copy, converted ones included (IMG_1.heic
			// cleaned into IMG_1.jpg): its bytes are the ones recorded.
			for _, c := range f.outputs[strings.ToLower(filepath.Base(abs))] {
				if holds(abs, c.Sum) {
					s.entry, s.copyOf = c, true
					break
				}
			}
			if s.copyOf {
				jobs[i].Dst = in.Path
				continue
			}
		}
		w := &want{i: i, s: s}
		key := inputKey(abs, d.Rename)
		if c, ok := f.entries[key]; ok {
			s.entry = c
		} else {
			s.entry = &Copy{Root: root, Input: abs, Rename: d.Rename, Names: map[photo.Format]string{}}
			f.entries[key] = s.entry
			w.changed, w.fresh = true, true
		}
		for fm, n := range s.entry.Names {
			if !slices.Contains(s.formats, fm) || !fitsFormat(n, fm) {
				delete(s.entry.Names, fm) // the file's content changed format
				w.changed = true
			}
		}
		ws = append(ws, w)
	}
	// A photo whose folder moved (or the review app's samples, unpacked
	// afresh each time) keeps its copy: a new input with the bytes and the
	// name of a recorded photo that is gone takes over its entry. (A photo
	// renamed gets a copy of its new name.)
	if !d.InPlace && !d.Rename {
		var orphans map[string]string
		for _, w := range ws {
			if !w.fresh {
				continue
			}
			if orphans == nil {
				orphans = f.orphans(d.Rename)
			}
			if len(orphans) == 0 {
				break
			}
			sum, err := sumFile(inputs[w.i].Path)
			okey, ok := orphans[sum.SHA256]
			if err != nil || !ok {
				continue
			}
			fm := w.s.formats[0]
			if n, ok := f.entries[okey].Names[fm]; !ok || !strings.EqualFold(n, naturalName(inputs[w.i], w.s, fm, d)) {
				continue
			}
			delete(orphans, sum.SHA256)
			c := *f.entries[okey]
			c.Input = w.s.abs
			key := inputKey(w.s.abs, d.Rename)
			delete(f.entries, okey)
			f.entries[key], w.s.entry, w.adopted = &c, &c, okey
			for _, n := range c.Names {
				f.taken[strings.ToLower(n)] = key
			}
		}
	}
	if d.Rename {
		for _, w := range ws {
			if f.numberFolders(w.s, inputs[w.i]) {
				w.changed = true
			}
		}
	}
	// Each input's most likely name first, then the names its copy takes
	// if it changes format: IMG_1.jpg keeps its name, IMG_1.heic beside it
	// becomes IMG_1-2.jpg once masked.
	for pass := range 2 {
		for _, w := range ws {
			for k, fm := range w.s.formats {
				if (k == 0) != (pass == 0) {
					continue
				}
				if _, ok := w.s.entry.Names[fm]; ok {
					continue
				}
				own := ""
				if d.InPlace {
					own = filepath.Base(inputs[w.i].Path)
				}
				w.s.entry.Names[fm] = f.claim(naturalName(inputs[w.i], w.s, fm, d), inputKey(w.s.abs, d.Rename), own)
				w.changed = true
			}
		}
	}
	for _, w := range ws {
		s := w.s
		jobs[w.i].Dst = inputs[w.i].Path
		if n, ok := s.entry.Names[s.formats[0]]; ok {
			jobs[w.i].Dst = s.path(n)
		}
		if w.changed && rec != nil && s.formats[0] != photo.FormatUnknown {
			if err := rec.saveEntry(s.entry, w.adopted != ""); err != nil { // a claim: the entry that vouches for a copy is synced
				return &RecordError{rec.dir, err}
			}
			if w.adopted != "" {
				os.Remove(filepath.Join(f.dir, w.adopted+".json"))
			}
		}
	}
	return nil
}

// orphans maps the photo hash of every copy recorded whose photo is gone
// (moved, renamed, deleted) to its entry's key.
func (f *folderRecord) orphans(rename bool) map[string]string {
	m := map[string]string{}
	for key, c := range f.entries {
		if c.Rename == rename && c.Output != "" && c.Source.SHA256 != "" && !fileExists(c.Input) {
			m[c.Source.SHA256] = key
		}
	}
	return m
}

// outputFormats are the formats the copy of the file at path may take,
// from its first bytes: the most likely first. A file that cannot be read,
// or of no format sharesafe writes, gets FormatUnknown (it fails, by name,
// when it is read).
func outputFormats(path string) []photo.Format {
	f, err := photo.SniffPath(path)
	if err != nil {
		return []photo.Format{photo.FormatUnknown}
	}
	if fs := photo.OutputFormats(f); len(fs) > 0 {
		return fs
	}
	return []photo.Format{photo.FormatUnknown}
}

// fitsFormat reports whether a name's extension is one of the format's.
func fitsFormat(name string, f photo.Format) bool {
	return f == photo.FormatUnknown || photo.HasExt(f, path.Ext(name))
}

// numberFolders gives a --rename input its photo number and its folders'
// numbers, keeping those it has; it reports whether any was new.
func (f *folderRecord) numberFolders(s *settled, in photo.Input) bool {
	c, changed := s.entry, false
	if c.Number == 0 {
		f.number++
		c.Number, changed = f.number, true
	}
	rel := filepath.ToSlash(filepath.Dir(in.Rel))
	var chain []string // the input's folders below the path given, top first
	if rel != "." && rel != "/" {
		d := filepath.Dir(s.abs)
		for range strings.Split(rel, "/") {
			chain = append([]string{d}, chain...)
			d = filepath.Dir(d)
		}
	}
	folders := make([]Folder, len(chain))
	for k, dir := range chain {
		n, ok := f.folders[dir]
		if !ok {
			f.folder++
			n = f.folder
			f.folders[dir] = n
		}
		folders[k] = Folder{Dir: dir, Number: n}
	}
	if !slices.Equal(folders, c.Folders) {
		c.Folders, changed = folders, true
	}
	return changed
}

// naturalName is the name an input's copy in format fm would have with no
// other photo in the way (relative to the output folder, with slashes):
// its path below the folder given, or in place its own name, or with
// --rename its numbers; its extension the format's (the input's own when
// that is one of the format's: IMG_1.JPG stays IMG_1.JPG).
func naturalName(in photo.Input, s *settled, fm photo.Format, d Dest) string {
	inExt := filepath.Ext(in.Path)
	ext := photo.Ext(fm)
	switch {
	case fm == photo.FormatUnknown:
		ext = inExt
	case !d.Rename && photo.HasExt(fm, inExt):
		ext = inExt
	}
	if d.Rename {
		parts := make([]string, 0, len(s.entry.Folders)+1)
		for _, fo := range s.entry.Folders {
			parts = append(parts, fmt.Sprintf("folder-%04d", fo.Number))
		}
		kind := "photo"
		if fm.IsVideo() {
			kind = "video"
		}
		return path.Join(append(parts, fmt.Sprintf("%s-%04d%s", kind, s.entry.Number, ext))...)
	}
	rel := filepath.ToSlash(in.Rel)
	if d.InPlace || rel == "" {
		rel = filepath.Base(in.Path)
	}
	dir, base := path.Split(rel)
	if photo.HasPhotoExt(base) || photo.HasVideoExt(base) || fm == photo.FormatUnknown {
		base = strings.TrimSuffix(base, path.Ext(base))
	}
	return path.Clean(dir + base + ext)
}

// claim takes the first free name among name, name-2, name-3… for the
// input key: not held by another input of this output folder (recorded or
// settled in this run), and, for a name with a number added or in place,
// not a file there already. The natural name of a copy in an output folder
// is taken even when a file is there: the copy fails by name if the record
// does not vouch for that file. In place, the photo's own name (own) is
// always its own.
func (f *folderRecord) claim(name, key, own string) string {
	for k := 1; ; k++ {
		n := name
		if k > 1 {
			n = numbered(name, k)
		}
		low := strings.ToLower(n)
		if own != "" && n == own {
			f.taken[low] = key
			return n
		}
		if holder, ok := f.taken[low]; ok && holder != key {
			continue
		}
		if k > 1 || own != "" {
			if _, err := os.Lstat(filepath.Join(f.root, filepath.FromSlash(n))); err == nil {
				continue
			}
		}
		f.taken[low] = key
		return n
	}
}

// numbered adds -k to a name before its extension (a/IMG_1.jpg ->
// a/IMG_1-2.jpg).
func numbered(name string, k int) string {
	ext := path.Ext(name)
	if strings.Contains(ext, "/") {
		ext = ""
	}
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), k, ext)
}

// realPath is path made absolute, with the links of its longest existing
// part resolved: the same folder however it is named, before and after it
// is made.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = filepath.Clean(p)
	}
	rest := ""
	for d := abs; ; {
		if r, err := filepath.EvalSymlinks(d); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return abs
		}
		rest = filepath.Join(filepath.Base(d), rest)
		d = parent
	}
}
