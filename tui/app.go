package tui

import (
	"context"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/filepicker"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/disintegration/imaging"
	"github.com/muesli/termenv"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
)

// Options configure the app.
type Options struct {
	Paths    []string
	Lang     advise.Lang
	Audience advise.Audience
	In       io.Reader
	Out      io.Writer // the app draws here (stderr: stdout stays for results)
	// Profile pins the colour profile (tests); nil detects it from Out and
	// the environment (NO_COLOR, TERM=dumb).
	Profile *termenv.Profile
	// Missing are paths given that do not exist: the browse screen names
	// them.
	Missing []string
	// ExportDir is the default folder for safe copies ("" picks one beside
	// the first folder opened).
	ExportDir string
	// Engine holds the detectors, the number of photos checked at once and
	// the face cache (zero: the thorough detectors on every core, no cache).
	Engine engine.Settings
}

// jobs is how many photos are checked or written at once.
func (o Options) jobs() int {
	if o.Engine.Jobs > 0 {
		return o.Engine.Jobs
	}
	return runtime.NumCPU()
}

// Run opens the app and returns when the user quits. Before it returns,
// the checks not started are dropped and an export under way stops after
// the photos being written (each written whole or not at all): nothing the
// app started is left running.
func Run(ctx context.Context, o Options) error {
	m := New(o)
	stop := context.AfterFunc(ctx, m.life.cancel)
	defer stop()
	defer m.Close()
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(o.In), tea.WithOutput(o.Out),
		tea.WithAltScreen(), tea.WithMouseCellMotion())
	_, err := p.Run()
	return err
}

// MissingPaths returns the paths that do not exist; the app opens on the
// others (the command exits when none exists).
func MissingPaths(paths []string) []string {
	var missing []string
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
		}
	}
	return missing
}

// life is what the app's background work shares: a context cancelled when
// the app quits, and the exports that must finish before Run returns.
type life struct {
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	closed bool
	work   sync.WaitGroup
}

func newLife() *life {
	ctx, cancel := context.WithCancel(context.Background())
	return &life{ctx: ctx, cancel: cancel}
}

// begin registers background work; false once the app has quit.
func (l *life) begin() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.work.Add(1)
	return true
}

// Close cancels the app's background work and waits for the exports under
// way to stop. Run calls it; tests driving the model call it themselves.
func (m Model) Close() {
	m.life.mu.Lock()
	m.life.closed = true
	m.life.cancel()
	m.life.mu.Unlock()
	m.life.work.Wait()
}

// quit ends the app: background work is cancelled at once.
func (m *Model) quit() (tea.Model, tea.Cmd) {
	m.life.cancel()
	return *m, tea.Quit
}

// box is one mask the parent can edit, in upright source pixels.
type box struct {
	r        image.Rectangle
	on       bool
	manual   bool   // drawn by the parent
	detector string // which detector found it
	label    string // detect's child, unsure or adult ("" when drawn)
	age      *float64
	reason   string // why the age guess is unsure ("" for none)
}

// photoState is one photo of the session and the parent's edits.
type photoState struct {
	path, rel string
	report    *detect.Report
	err       error
	thumb     *image.NRGBA // upright copy, thumbSize long, for previews
	scale     float64      // thumb pixels per source pixel
	boxes     []box
	style     redact.Style
	selected  int
	saved     string // the safe copy written, if any
}

// planKey identifies a plan: the masks a copy was written with.
func planKey(p redact.Plan) string { return fmt.Sprint(p.Masks) }

func (p *photoState) plan() redact.Plan {
	var plan redact.Plan
	for i, b := range p.boxes {
		if b.on {
			plan.Masks = append(plan.Masks, redact.Mask{Box: b.r, Style: p.style, Design: i})
		}
	}
	return plan
}

type screen int

const (
	browseScreen screen = iota
	reviewScreen
	exportScreen
	pickerScreen
)

// Model is the app's root model.
type Model struct {
	opt      Options
	w        ui
	keys     keyMap
	st       styles
	help     help.Model
	audience advise.Audience
	photos   []*photoState
	screen   screen
	width    int
	height   int

	browse  browseModel
	review  reviewModel
	export  exportModel
	picker  filepicker.Model
	pending int // photos not checked yet
	// checks is the engine's queue of the photos being checked (shared by
	// the copies of the model; replaced when another folder is opened).
	checks *checks

	life *life
	// written maps each safe copy this session wrote to the plan it was
	// written with (shared: the model is copied by value).
	written map[string]string
}

// New returns the app's model for the photos and folders of o.Paths.
func New(o Options) Model {
	if o.Audience == "" {
		o.Audience = advise.Public
	}
	if _, ok := words[o.Lang]; !ok {
		o.Lang = advise.English
	}
	if len(o.Paths) == 0 {
		o.Paths = []string{"."}
	}
	if o.ExportDir == "" {
		o.ExportDir = defaultExportDir(o.Paths[0])
	}
	m := Model{opt: o, w: words[o.Lang], keys: newKeys(o.Lang), audience: o.Audience, width: 80, height: 24,
		life: newLife(), written: map[string]string{}, checks: &checks{}}
	m.st = newStyles(o.Out, o.Profile)
	m.help = help.New()
	m.browse = newBrowse(m)
	m.review = newReview()
	m.export = newExport(m)
	m.picker = newPicker(o.Paths)
	m.load(o.Paths)
	m.setLang(o.Lang)
	return m
}

// setLang switches every word of the app to lang: its own, the keys', the
// advice's and bubbles' list.
func (m *Model) setLang(lang advise.Lang) {
	m.opt.Lang = lang
	m.w = words[lang]
	m.keys = newKeys(lang)
	m.browse.list.Title = m.w.title
	m.browse.list.SetStatusBarItemName(m.w.photoOne, m.w.photoMany)
	m.browse.list.FilterInput.Prompt = m.w.filterPrompt
	m.browse.setItems(m)
}

// defaultExportDir is a folder beside the first one opened: Holiday ->
// Holiday-safe.
func defaultExportDir(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "safe-copies"
	}
	if photo.HasPhotoExt(abs) {
		abs = filepath.Dir(abs)
	}
	return abs + "-safe"
}

// load replaces the photo list with the photos of paths.
func (m *Model) load(paths []string) {
	col := photo.Collect(paths)
	m.photos = nil
	for _, in := range col.Inputs {
		m.photos = append(m.photos, &photoState{path: in.Path, rel: in.Rel, style: redact.Emoji})
	}
	m.pending = len(m.photos)
	m.browse.setItems(m)
}

// scannedMsg carries one photo's analysis.
type scannedMsg struct {
	run    *run // the run it came from (a folder opened since drops it)
	index  int
	report *detect.Report
	thumb  *image.NRGBA
	scale  float64
	err    error
}

// inspectOptions are the detectors used when Options.Engine names none
// (tests pick the fast detector).
var inspectOptions = detect.DefaultOptions

// scansStarted counts the checks started (tests: none after quitting).
var scansStarted atomic.Int64

// checks is the app's checking of the photos of the list: one run of the
// engine at a time, every core in the background, the photo the parent
// opens moved to the front. It is shared by the copies of the model.
type checks struct {
	mu  sync.Mutex
	cur *run
}

// run is one run of the engine over one list of photos.
type run struct {
	q      *engine.Queue
	cancel context.CancelFunc
}

// current returns the run under way (nil before the first).
func (c *checks) current() *run {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// bump moves photo i to the front of the run under way.
func (c *checks) bump(i int) {
	if r := c.current(); r != nil {
		r.q.Bump(i)
	}
}

// thumbnail is what the app keeps of a photo's pixels: an upright copy,
// thumbSize long, drawn on the engine's worker.
type thumbnail struct {
	img   *image.NRGBA
	scale float64
}

// startChecks starts checking every photo of the list, and returns the
// command that waits for the first one.
func (m *Model) startChecks() tea.Cmd {
	if old := m.checks.current(); old != nil {
		old.cancel() // the photos of a folder no longer shown
	}
	set := m.opt.Engine
	if !set.Detect.Faces {
		set.Detect = inspectOptions
	}
	set.Jobs = m.opt.jobs()
	inputs := make([]photo.Input, len(m.photos))
	for i, p := range m.photos {
		inputs[i] = photo.Input{Path: p.path, Rel: p.rel}
	}
	ctx, cancel := context.WithCancel(m.life.ctx)
	c := &run{cancel: cancel}
	c.q = engine.New(set).Start(ctx, inputs, engine.CheckOptions{
		Started: func(int) { scansStarted.Add(1) },
		Keep: func(p *photo.Photo, _ detect.Report) any {
			thumb := imaging.Fit(p.Image, thumbSize, thumbSize, imaging.Box)
			return thumbnail{thumb, float64(thumb.Bounds().Dx()) / float64(p.Image.Bounds().Dx())}
		},
	})
	m.checks.mu.Lock()
	m.checks.cur = c
	m.checks.mu.Unlock()
	return c.next()
}

// next waits for the next photo checked (nothing once all are, or the app
// has quit).
func (c *run) next() tea.Cmd {
	return func() tea.Msg {
		i, r, ok := c.q.Next()
		if !ok {
			return nil
		}
		msg := scannedMsg{run: c, index: i, report: r.Report, err: r.Err}
		if r.Err != nil {
			msg.report = nil
		}
		if t, ok := r.Kept.(thumbnail); ok {
			msg.thumb, msg.scale = t.img, t.scale
		}
		return msg
	}
}

// Init starts checking the photos, on every core.
func (m Model) Init() tea.Cmd { return m.startChecks() }

// Update routes a message to the screen that owns it.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.browse.list.SetSize(msg.Width, msg.Height-2)
		m.picker.SetHeight(max(3, msg.Height-5))
		return m, m.review.refresh(&m)
	case scannedMsg:
		return m.scanned(msg)
	case previewMsg:
		m.review.previews[msg.key] = msg.text
		m.review.previews[msg.key.last()] = msg.text
		return m, nil
	case exportResultMsg, exportDoneMsg:
		return m.export.update(&m, msg)
	case tea.KeyMsg:
		if msg.String() == "ctrl+c" {
			return m.quit()
		}
		// Keys typed fast can arrive together ("mmm"); outside text input,
		// each is a command of its own.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && m.screen != exportScreen &&
			!(m.screen == browseScreen && m.browse.list.FilterState() == list.Filtering) {
			var cmds []tea.Cmd
			var tm tea.Model = m
			for _, r := range msg.Runes {
				var cmd tea.Cmd
				tm, cmd = tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
				cmds = append(cmds, cmd)
			}
			return tm, tea.Batch(cmds...)
		}
		typing := m.screen == exportScreen || m.screen == browseScreen && m.browse.list.FilterState() == list.Filtering
		if key.Matches(msg, m.keys.Help) && !typing {
			m.help.ShowAll = !m.help.ShowAll
			return m, m.review.refresh(&m)
		}
		if key.Matches(msg, m.keys.Lang) && !typing {
			next := advise.French
			if m.opt.Lang == advise.French {
				next = advise.English
			}
			m.setLang(next)
			return m, m.review.refresh(&m)
		}
	}
	switch m.screen {
	case reviewScreen:
		return m.review.update(&m, msg)
	case exportScreen:
		return m.export.update(&m, msg)
	case pickerScreen:
		return m.updatePicker(msg)
	}
	return m.browse.update(&m, msg)
}

func (m Model) scanned(msg scannedMsg) (tea.Model, tea.Cmd) {
	if msg.run != m.checks.current() || msg.index >= len(m.photos) {
		return m, nil // from a folder no longer shown
	}
	next := msg.run.next()
	p := m.photos[msg.index]
	p.report, p.err, p.thumb, p.scale = msg.report, msg.err, msg.thumb, msg.scale
	if p.report != nil {
		p.boxes = nil
		for _, f := range p.report.Faces {
			p.boxes = append(p.boxes, box{r: f.Mask.R(), on: true, detector: f.Detector, label: f.Label, age: f.Age, reason: f.Reason})
		}
	}
	m.pending--
	cmd := m.browse.refreshItem(&m, msg.index)
	if m.screen == reviewScreen && m.review.index == msg.index {
		return m, tea.Batch(cmd, m.review.refresh(&m), next)
	}
	return m, tea.Batch(cmd, next)
}

// newPicker is the folder picker, started in the folder given first (an
// absolute path, so that going up always works), without permission
// strings.
func newPicker(paths []string) filepicker.Model {
	fp := filepicker.New()
	fp.DirAllowed, fp.FileAllowed = true, true
	fp.ShowPermissions = false
	fp.AutoHeight = false
	fp.KeyMap.Back = key.NewBinding(key.WithKeys("backspace", "left", "h"))
	start := "."
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil {
			start = p
			if !st.IsDir() {
				start = filepath.Dir(p)
			}
			break
		}
	}
	if abs, err := filepath.Abs(start); err == nil {
		start = abs
	}
	fp.CurrentDirectory = start
	return fp
}

func (m Model) updatePicker(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, m.keys.Back) {
		m.screen = browseScreen
		return m, nil
	}
	var cmd tea.Cmd
	m.picker, cmd = m.picker.Update(msg)
	if ok, path := m.picker.DidSelectFile(msg); ok {
		dir := path
		if photo.HasPhotoExt(path) {
			dir = filepath.Dir(path)
		}
		m.load([]string{dir})
		m.export.input.SetValue(defaultExportDir(dir))
		m.screen = browseScreen
		return m, m.startChecks()
	}
	return m, cmd
}

// View draws the current screen.
func (m Model) View() string {
	switch m.screen {
	case reviewScreen:
		return m.review.view(&m)
	case exportScreen:
		return m.export.view(&m)
	case pickerScreen:
		return m.st.title.Render(truncate(m.w.pickTitle, m.width)) + "\n" +
			truncate(m.w.pickIn+" "+m.picker.CurrentDirectory, m.width) + "\n" +
			m.picker.View() + "\n" + m.helpView(m.keys.pickerHelp())
	}
	return m.browse.view(&m)
}

// assess is the advice for a photo, for the chosen audience.
func (m *Model) assess(p *photoState) advise.Assessment {
	return advise.Assess(*p.report, m.audience, m.opt.Lang)
}

// nextAudience cycles public -> friends -> group -> private.
func (m *Model) nextAudience() {
	for i, a := range advise.Audiences {
		if a == m.audience {
			m.audience = advise.Audiences[(i+1)%len(advise.Audiences)]
			return
		}
	}
	m.audience = advise.Public
}
