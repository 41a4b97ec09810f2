package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// Record is the record of what made each safe copy: for every copy
// sharesafe writes (command line or app), the input's content hash, the
// settings, the masks (each marked as the detector's or the parent's) and
// the copy's own hash, with the names settled for it in its output folder.
// It is what "exists" is answered from: a file at an output path is
// sharesafe's copy only when the record vouches for its bytes.
//
// It lives in the user's state folder (DefaultStateDir), never in an
// output folder: the folder a parent shares holds nothing but the copies
// (no original names, no hashes of originals). Each input's entry is one
// small JSON file, written atomically; names are settled under a lock per
// output folder, so two sharesafe processes may run at once without losing
// an entry. An entry that cannot be read, is of another format or is not
// where its key says is ignored (and replaced when that input is written
// again), never trusted.
type Record struct {
	dir string
}

// recordFormat changes whenever an entry's meaning changes; entries of
// another format are ignored.
const recordFormat = 1

// StateDirEnv names the environment variable that moves the record.
const StateDirEnv = "SHARESAFE_STATE"

// DefaultStateDir is $SHARESAFE_STATE, or "sharesafe" in the user's state
// folder: $XDG_STATE_HOME/sharesafe, else ~/.local/state/sharesafe, on Linux
// and other Unix systems; ~/Library/Application Support/sharesafe on macOS;
// %AppData%\sharesafe on Windows. It is not the cache folder: a parent's
// decisions and the names of their copies must not vanish when a cache is
// cleaned.
func DefaultStateDir(getenv func(string) string) (string, error) {
	if d := getenv(StateDirEnv); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "plan9":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("no folder to keep the record of safe copies in: %w", err)
		}
		return filepath.Join(d, "sharesafe"), nil
	}
	if d := getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
		return filepath.Join(d, "sharesafe"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("no folder to keep the record of safe copies in: $HOME is not set")
	}
	return filepath.Join(home, ".local", "state", "sharesafe"), nil
}

// OpenRecord returns the record kept in dir (created, readable by the user
// only, when first written). Its first act is to remove the temporary files
// that runs killed while writing an entry left there.
func OpenRecord(dir string) *Record {
	removeDeadTemps(dir)
	return &Record{dir: dir}
}

// Dir is the folder the record is kept in.
func (r *Record) Dir() string { return r.dir }

// Copy is the record of one input's safe copy in one output folder: the
// names settled for it and, once it is written, what made it. Paths are
// absolute; names are relative to Root, with forward slashes.
type Copy struct {
	Format int `json:"format"`
	// Root is the output folder; in place, the photo's own folder.
	Root string `json:"root"`
	// Input is the photo the copy is made from.
	Input string `json:"input"`
	// Rename says the names are neutral (--rename): Number is the photo's,
	// Folders the numbers of its folders, from the top.
	Rename  bool     `json:"rename"`
	Number  int      `json:"number,omitempty"`
	Folders []Folder `json:"folders,omitempty"`
	// Names are the copy's names for each format it may be written in (a
	// HEIC becomes a JPEG once masked): settled once, kept on every rerun.
	Names map[photo.Format]string `json:"names"`

	// What made the copy, empty until it is written: the name written, the
	// input as it was read, the settings, the masks drawn and the copy's
	// own bytes.
	Output string    `json:"output,omitempty"`
	Source FileSum   `json:"source"`
	Made   Made      `json:"made"`
	Masks  []Mask    `json:"masks"`
	Sum    FileSum   `json:"copy"`
	Backup string    `json:"backup,omitempty"` // in place: the original kept (FILE.orig)
	When   time.Time `json:"written"`
	// Prev is the copy before this one while this one is being written
	// (the entry is saved before the copy is renamed into place): if the
	// run is killed in between, the file there is still known as ours.
	Prev *Earlier `json:"prev,omitempty"`
}

// Earlier is a copy written before, by name and bytes.
type Earlier struct {
	Output string  `json:"output"`
	Sum    FileSum `json:"copy"`
}

// Folder is the number --rename gave a folder of photos (folder-0001).
type Folder struct {
	Dir    string `json:"dir"`
	Number int    `json:"number"`
}

// FileSum identifies a file's bytes: their SHA-256 and size, and a stamp
// (modification and change times, inode) that lets a rerun trust the hash
// without reading the file while the stamp is the same.
type FileSum struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Stamp  string `json:"stamp,omitempty"`
}

// Made are the settings a copy was made with.
type Made struct {
	// Faces is all, children or none, or "parent" when the masks are the
	// parent's (the review app): Masks then say what was drawn.
	Faces string `json:"faces"`
	// Style is the mask style of the run (the parent's masks carry their
	// own); empty with --faces none.
	Style string `json:"style,omitempty"`
	// Detector is a digest of the detector settings (empty with --faces
	// none or the parent's masks).
	Detector string `json:"detector,omitempty"`
	// Build identifies the sharesafe that wrote the copy (as the face
	// cache's keys do): a new build makes the copies again.
	Build string `json:"build"`
}

// MadeByParent is Made.Faces for a copy drawn from the parent's masks.
const MadeByParent = "parent"

// Mask is one mask drawn on a copy, in upright pixels.
type Mask struct {
	Box    [4]int `json:"box"` // x, y, width, height
	Style  string `json:"style"`
	Design int    `json:"design"`
	// Parent says the parent decided it; false for a detector's mask.
	Parent bool `json:"parent"`
}

// MasksOf returns the record's form of a plan's masks.
func MasksOf(p redact.Plan) []Mask {
	m := make([]Mask, 0, len(p.Masks))
	for _, k := range p.Masks {
		b := k.Box
		m = append(m, Mask{Box: [4]int{b.Min.X, b.Min.Y, b.Dx(), b.Dy()}, Style: string(k.Style), Design: k.Design, Parent: k.Parent})
	}
	return m
}

// Plan returns the masks a copy was drawn with, as a plan.
func (c Copy) Plan() redact.Plan {
	var p redact.Plan
	for _, k := range c.Masks {
		p.Masks = append(p.Masks, redact.Mask{Box: image.Rect(k.Box[0], k.Box[1], k.Box[0]+k.Box[2], k.Box[1]+k.Box[3]),
			Style: redact.Style(k.Style), Design: k.Design, Parent: k.Parent})
	}
	return p
}

// prevOutput is the name of the copy before this one, if it is being
// replaced.
func (c *Copy) prevOutput() string {
	if c.Prev == nil {
		return ""
	}
	return c.Prev.Output
}

// sameDrawing reports whether two lists of masks draw the same picture
// (who decided a mask changes nothing drawn).
func sameDrawing(a, b []Mask) bool {
	return slices.EqualFunc(a, b, func(x, y Mask) bool { return x.Box == y.Box && x.Style == y.Style && x.Design == y.Design })
}

// CopiesOf returns every copy the record holds of the photo at path (in
// any output folder, or in place), newest first: where the review app finds
// the masks a parent saved.
func (r *Record) CopiesOf(path string) []Copy {
	if r == nil {
		return nil
	}
	abs := realPath(path)
	var out []Copy
	roots, _ := os.ReadDir(filepath.Join(r.dir, "copies"))
	for _, d := range roots {
		for _, rename := range []bool{false, true} {
			key := inputKey(abs, rename)
			b, err := os.ReadFile(filepath.Join(r.dir, "copies", d.Name(), key+".json"))
			if err != nil {
				continue
			}
			if c, ok := parseCopy(b, "", key); ok && c.Output != "" && rootKey(c.Root) == d.Name() {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(a, b Copy) int { return b.When.Compare(a.When) })
	return out
}

// rootKey and inputKey name an output folder's directory in the record and
// an input's entry in it.
func rootKey(root string) string { return digest("root", root) }
func inputKey(input string, rename bool) string {
	return digest("input", input, strconv.FormatBool(rename))
}

func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// parseCopy reads an entry; ok is false for anything not to be trusted.
// root, when given, must be the entry's; key must be the entry's own.
func parseCopy(b []byte, root, key string) (Copy, bool) {
	var c Copy
	if json.Unmarshal(b, &c) != nil || c.Format != recordFormat || c.Input == "" || c.Root == "" ||
		(root != "" && c.Root != root) || inputKey(c.Input, c.Rename) != key || len(c.Names) == 0 {
		return Copy{}, false
	}
	for _, n := range c.Names {
		if !cleanName(n) {
			return Copy{}, false
		}
	}
	if c.Output != "" && (!cleanName(c.Output) || c.Sum.SHA256 == "" || c.Source.SHA256 == "") {
		return Copy{}, false
	}
	if c.Prev != nil && (!cleanName(c.Prev.Output) || c.Prev.Sum.SHA256 == "") {
		return Copy{}, false
	}
	return c, true
}

// cleanName reports whether a name stays inside its root.
func cleanName(n string) bool {
	return n != "" && !filepath.IsAbs(n) && !strings.HasPrefix(n, "/") && filepath.ToSlash(filepath.Clean(filepath.FromSlash(n))) == n &&
		n != ".." && !strings.HasPrefix(n, "../")
}

// save writes an entry atomically (a temporary file in the record's own
// folder, synced, renamed into place).
func (r *Record) save(c *Copy) error { return r.saveEntry(c, true) }

func (r *Record) saveEntry(c *Copy, sync bool) error {
	c.Format = recordFormat
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		return err
	}
	dir := filepath.Join(r.dir, "copies", rootKey(c.Root))
	return r.writeFile(filepath.Join(dir, inputKey(c.Input, c.Rename)+".json"), b, sync)
}

// writeFile writes b to dst atomically, the folders readable by the user
// only (as the face cache's); sync makes it durable before it is renamed.
func (r *Record) writeFile(dst string, b []byte, sync bool) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	return writeAtomic(r.dir, dst, b, sync)
}

// writeAtomic writes b to dst through a temporary file in tmpDir (on the
// same disk), renamed into place; sync makes it durable first.
func writeAtomic(tmpDir, dst string, b []byte, sync bool) error {
	f, err := createTemp(tmpDir)
	if err != nil {
		return err
	}
	defer doneTemp(f.Name())
	_, werr := f.Write(b)
	var serr error
	if sync {
		serr = f.Sync()
	}
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), dst); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

func createTemp(dir string) (*os.File, error) { return redact.CreateTemp(dir) }
func doneTemp(name string)                    { redact.DoneTemp(name) }

// Quit removes the temporary files this process is writing (safe copies,
// backups, entries of the record and the face cache) and lets no other be
// made: a front end calls it as the process ends, on every exit it
// controls. (Redact waits for the copies being written before it returns,
// so a run stopped by Ctrl-C leaves them whole; Quit covers a second
// Ctrl-C.) Entries cut short this way are simply not kept.
func Quit() { redact.Quit() }

// folderRecord is what the record holds for one output folder, read under
// its lock while names are settled.
type folderRecord struct {
	dir     string // its directory in the record
	root    string
	entries map[string]*Copy  // by input key
	taken   map[string]string // lower-case name -> the input key holding it
	outputs map[string][]*Copy
	number  int            // the highest --rename photo number given
	folders map[string]int // input folder -> its --rename number
	folder  int            // the highest folder number given
}

// load reads every entry of an output folder (those that cannot be trusted
// are left out).
func (r *Record) load(root string) *folderRecord {
	f := &folderRecord{root: root, entries: map[string]*Copy{}, taken: map[string]string{}, outputs: map[string][]*Copy{}, folders: map[string]int{}}
	if r == nil {
		return f
	}
	f.dir = filepath.Join(r.dir, "copies", rootKey(root))
	files, _ := os.ReadDir(f.dir)
	for _, e := range files {
		key, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok {
			continue
		}
		b, err := os.ReadFile(filepath.Join(f.dir, e.Name()))
		if err != nil {
			continue
		}
		c, ok := parseCopy(b, root, key)
		if !ok {
			continue
		}
		f.add(key, &c)
	}
	return f
}

// reread returns the entry of copy c as the record on disk holds it now
// (another run over the same output folder may have written its copy since
// this run read the record), or nil when it holds none that can be trusted.
func (r *Record) reread(c *Copy) *Copy {
	if r == nil || c == nil {
		return nil
	}
	key := inputKey(c.Input, c.Rename)
	b, err := os.ReadFile(filepath.Join(r.dir, "copies", rootKey(c.Root), key+".json"))
	if err != nil {
		return nil
	}
	fresh, ok := parseCopy(b, c.Root, key)
	if !ok {
		return nil
	}
	return &fresh
}

// add counts an entry's names and numbers as taken.
func (f *folderRecord) add(key string, c *Copy) {
	f.entries[key] = c
	for _, n := range c.Names {
		f.taken[strings.ToLower(n)] = key
	}
	for _, o := range []string{c.Output, c.prevOutput()} {
		if o != "" {
			o = strings.ToLower(o)
			f.outputs[o] = append(f.outputs[o], c)
		}
	}
	f.number = max(f.number, c.Number)
	for _, d := range c.Folders {
		f.folders[d.Dir] = d.Number
		f.folder = max(f.folder, d.Number)
	}
}

// lockTimeout is how long a run waits for another to settle its names in
// the same output folder (it takes milliseconds).
const lockTimeout = 2 * time.Minute

// lock takes an output folder's lock: a file holding the process id,
// made only if absent. A lock whose process is gone (killed) is removed.
func (r *Record) lock(dir string) (unlock func(), err error) {
	if r == nil {
		return func() {}, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "lock")
	deadline := time.Now().Add(lockTimeout)
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%d\n", os.Getpid())
			if err := errors.Join(werr, f.Close()); err != nil {
				os.Remove(path)
				return nil, err
			}
			return func() { os.Remove(path) }, nil
		}
		if !os.IsExist(err) {
			return nil, err
		}
		if staleLock(path) {
			os.Remove(path)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("another sharesafe has been naming copies in this folder for %v (%s)", lockTimeout, path)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// staleLock reports whether a lock file was left by a process that is gone
// (or is unreadable and more than a few seconds old).
func staleLock(path string) bool {
	b, err := os.ReadFile(path)
	if err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
			return !alive(pid)
		}
	}
	st, err := os.Stat(path)
	return err == nil && time.Since(st.ModTime()) > 5*time.Second
}

// removeDeadTemps removes, in dir, the temporary files (redact.TempPattern)
// of processes that are gone: what a run killed while writing there left.
// The files of a run still going are left alone.
func removeDeadTemps(dir string) {
	files, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, f := range files {
		if pid, ok := tempPID(f.Name()); ok && !alive(pid) {
			os.Remove(filepath.Join(dir, f.Name()))
		}
	}
}

// tempPID returns the process id in a temporary file's name
// (.sharesafe-PID-RANDOM.tmp); a name of an older build without one
// (.sharesafe-RANDOM.tmp) gives 0, a process that is surely gone.
func tempPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, ".sharesafe-")
	if !ok || !strings.HasSuffix(rest, ".tmp") {
		return 0, false
	}
	pid, _, found := strings.Cut(rest, "-")
	if !found {
		return 0, true
	}
	n, err := strconv.Atoi(pid)
	if err != nil {
		return 0, true
	}
	return n, true
}

// alive reports whether process pid is running (0 never is).
func alive(pid int) bool { return pid > 0 && processAlive(pid) }

// sumFile hashes a file's bytes.
func sumFile(path string) (FileSum, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return FileSum{}, err
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, err
	}
	s := FileSum{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}
	if after, err := f.Stat(); err == nil && n == st.Size() && stampOf(after) == stampOf(st) {
		s.Stamp = stampOf(st)
	}
	return s, nil
}

// sumBytes is a FileSum of bytes read from a file whose stat, taken before
// and after they were read, was before and after.
func sumBytes(b []byte, before, after os.FileInfo) FileSum {
	sum := sha256.Sum256(b)
	s := FileSum{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(b))}
	if before != nil && after != nil && stampOf(before) == stampOf(after) && after.Size() == s.Size {
		s.Stamp = stampOf(after)
	}
	return s
}

// holds reports whether the file at path holds the bytes of sum: from its
// stamp when that is the one recorded, else by hashing it.
func holds(path string, sum FileSum) bool {
	if sum.SHA256 == "" {
		return false
	}
	st, err := os.Lstat(path)
	if err != nil || !st.Mode().IsRegular() || st.Size() != sum.Size {
		return false
	}
	if sum.Stamp != "" && stampOf(st) == sum.Stamp {
		return true
	}
	now, err := sumFile(path)
	return err == nil && now.SHA256 == sum.SHA256
}
