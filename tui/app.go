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
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
	"github.com/sharesafe/sharesafe/engine"
	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/redact"
	"github.com/sharesafe/sharesafe/words"
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
	// Decisions keeps the parent's masks and styles between sessions (nil:
	// nothing is kept).
	Decisions *engine.Decisions
	// Credit, when set, gives a photo's credit line by its file name, in a
	// language (the demo's photos): the review shows it above the faces.
	Credit func(name, lang string) (string, bool)
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
	m.edits.rec.flush() // every decision made is on disk
}

// quit is the command that ends the app: background work is cancelled at
// once. Every screen's quit key returns it.
func (l *life) quit() tea.Msg {
	l.cancel()
	return tea.QuitMsg{}
}

// box is one mask the parent can edit, in upright source pixels.
type box struct {
	r        image.Rectangle
	on       bool
	manual   bool            // drawn by the parent
	found    image.Rectangle // the detector's mask, for a face it found
	detector string          // which detector found it
	label    string          // detect's child, unsure or adult ("" when drawn)
	age      *float64
	reason   string // why the age guess is unsure ("" for none)
}

// moved reports whether the parent moved or resized a mask the detector
// found.
func (b box) moved() bool { return !b.manual && b.r != b.found }

// ownMasksOffClip reports whether p is the still of a Live Photo whose clip
// is saved with it and holds a mask of the parent's own (added or moved,
// on). A clip's masks are the faces found in each of its frames, never the
// masks drawn on its still: what the parent masked by hand may show in the
// clip, and the review and the save say so.
func (p *photoState) ownMasksOffClip() bool {
	if p.pair == "" || p.report == nil || p.report.Video != nil {
		return false
	}
	for _, b := range p.boxes {
		if b.on && (b.manual || b.moved()) {
			return true
		}
	}
	return false
}

// photoState is one photo of the session and the parent's edits.
type photoState struct {
	path, rel string
	pair      string // a Live Photo's other half, when it is in the list
	report    *detect.Report
	err       error
	why       words.Key    // why it could not be read, when err is set
	small     thumbnail    // an upright copy, thumbSize long, as a JPEG
	thumb     *image.NRGBA // small decoded, while the review may show it (thumbs)
	scale     float64      // thumbnail pixels per source pixel
	boxes     []box
	removed   []image.Rectangle // the detector's faces the parent removed
	style     redact.Style
	selected  int
	saved     string    // the safe copy written, if any
	savedKey  string    // the plan (planKey) it was written with
	stamp     fileStamp // the file as it was checked (zero if unknown)
	hash      string    // the content hash of the file as it was checked
	edited    bool      // the parent changed its masks or style (now or before)
	// kept says how the parent's decisions of an earlier session came
	// back: restored, the photo changed since (its masks are the
	// detector's), or the store's entry was damaged (ignored).
	kept keptState
	// foundSince counts the faces the detector finds that a decision
	// restored did not hold (masked).
	foundSince int
}

// keptState says what came back of a photo's earlier decisions.
type keptState int

const (
	keptNone    keptState = iota // none was kept
	keptBack                     // the parent's masks and style are back
	keptChanged                  // the photo changed since: the detector's masks
	keptDamaged                  // the kept decisions could not be read
)

// fileStamp tells a file changed: its size and modification time.
type fileStamp struct {
	size int64
	mod  time.Time
}

// stampOf is the stamp of a file looked at.
func stampOf(st os.FileInfo) fileStamp { return fileStamp{st.Size(), st.ModTime()} }

// planKey identifies a plan: the masks a copy was written with.
func planKey(p redact.Plan) string { return fmt.Sprint(p.Masks) }

// plan is the masks of the photo's safe copy (engine.PlanOf, as the
// command line draws a photo the parent decided).
func (p *photoState) plan() redact.Plan { return engine.PlanOf(p.decision().Masks, p.style) }

type screen int

const (
	browseScreen screen = iota
	reviewScreen
	exportScreen
	pickerScreen
)

// session is what the screens share: the photos and the parent's edits,
// the words, keys and styles of the language chosen, the audience and the
// window's size. The root model owns it and hands it to each screen's
// update and view; a screen changes it only through the messages below.
// The photos are pointers: the review edits a photo's masks in place.
type session struct {
	photos   []*photoState
	pending  int  // photos not checked yet
	finding  bool // the photos of the paths opened are being looked for
	missing  []string
	opened   []string // the paths whose photos are shown
	lang     advise.Lang
	keys     keyMap
	st       styles
	help     help.Model
	audience advise.Audience
	width    int
	height   int
	life     *life
	edits    *edits
	thumbs   *thumbs
	// credit gives a photo's credit line (Options.Credit), or nil.
	credit func(name, lang string) (string, bool)
	// details shows each face's detector, age guess and reason (the d key).
	details bool
}

// The messages a screen sends to the root model: which screen to show
// next, and the changes to the session.
type (
	// openReviewMsg opens the review of photo index; notice is said at
	// the top of its panel.
	openReviewMsg struct {
		index  int
		notice string
	}
	// quitMsg quits, once the parent has said so if decisions are not in
	// a safe copy yet.
	quitMsg struct{}
	// styleForAllMsg sets a mask style for every photo.
	styleForAllMsg struct{ style redact.Style }
	// backToBrowseMsg goes back to the list of photos.
	backToBrowseMsg struct{}
	// openExportMsg opens the export screen.
	openExportMsg struct{}
	// openPickerMsg opens the folder picker.
	openPickerMsg struct{}
	// folderPickedMsg opens the photos of the folder picked.
	folderPickedMsg struct{ dir string }
	// nextAudienceMsg changes who will see the photos: public -> friends
	// -> group -> private.
	nextAudienceMsg struct{}
	// detailsMsg shows or hides each face's detector, age guess and
	// reason (the d key).
	detailsMsg struct{}
)

// send is the command that hands msg to the root model.
func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// Model is the app's root model: it owns the session and the four
// screens, shows one at a time, and handles the messages the screens
// send (the screens never switch themselves).
type Model struct {
	session
	opt    Options
	screen screen

	browse browseModel
	review reviewModel
	export exportModel
	picker pickerModel
	// checks is the engine's queue of the photos being checked (shared by
	// the copies of the model; replaced when another folder is opened).
	checks *checks
	// opening counts the times photos were opened: the photos found for
	// an earlier one (a folder picked since) are dropped.
	opening int
	// confirmQuit is set while the parent is asked whether to quit with
	// changes not in a safe copy yet (quit.go).
	confirmQuit bool
}

// New returns the app's model for the photos and folders of o.Paths. It
// only asks which paths are folders (the picker starts in the first one);
// Init's command looks for the photos.
func New(o Options) Model {
	if o.Audience == "" {
		o.Audience = advise.Public
	}
	if !o.Lang.Known() {
		o.Lang = advise.English
	}
	if len(o.Paths) == 0 {
		o.Paths = []string{"."}
	}
	if o.ExportDir == "" {
		o.ExportDir = defaultExportDir(o.Paths[0])
	}
	m := Model{opt: o, checks: &checks{}}
	m.session = session{finding: true, missing: o.Missing, opened: o.Paths, audience: o.Audience, width: 80, height: 24,
		st: newStyles(o.Out, o.Profile), help: help.New(), life: newLife(), credit: o.Credit,
		edits: &edits{rec: newRecorder(o.Decisions)}, thumbs: &thumbs{}}
	m.browse = newBrowse(m.session)
	m.review = newReview()
	m.export = newExport(o.ExportDir, o.jobs(), o.Engine.Record)
	m.export.clips = o.Engine // a clip's faces are searched in every frame
	m.picker = newPicker(o.Paths)
	m.setLang(o.Lang)
	return m
}

// setLang switches every word of the app to lang: its own, the keys', the
// advice's and bubbles' list.
func (m *Model) setLang(lang advise.Lang) tea.Cmd {
	m.lang = lang
	m.keys = newKeys(lang)
	m.picker.setLang(lang)
	return m.browse.setLang(m.session)
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

// photosMsg carries the photos found for an opening, and the run of the
// engine checking them.
type photosMsg struct {
	opening int
	inputs  []photo.Input
	run     *run
}

// scannedMsg carries one photo's analysis.
type scannedMsg struct {
	run    *run // the run it came from (a folder opened since drops it)
	index  int
	report *detect.Report
	small  thumbnail
	err    error
	why    words.Key // why it could not be read, when err is set
	stamp  fileStamp // the file as it was checked
	hash   string
	// dec is the parent's decision kept from an earlier session, as the
	// store holds it (state); changed says the photo changed since one.
	dec     engine.Decision
	state   engine.DecisionState
	changed bool
	// fromCopy says dec comes from the last copy saved (the store had
	// none).
	fromCopy bool
	// saved is the plan (planKey) of the last safe copy made from it.
	saved string
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
	store  *engine.Decisions // the parent's decisions kept
	record *engine.Record    // the record of the copies written
}

// current returns the run under way (nil before the first).
func (c *checks) current() *run {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cur
}

// replace makes r the run under way and cancels the one before (the
// photos of a folder no longer shown).
func (c *checks) replace(r *run) {
	c.mu.Lock()
	old := c.cur
	c.cur = r
	c.mu.Unlock()
	if old != nil {
		old.cancel()
	}
}

// bump moves photo i to the front of the run under way.
func (c *checks) bump(i int) {
	if r := c.current(); r != nil {
		r.q.Bump(i)
	}
}

// openPhotos is the command that looks for the photos of paths and starts
// checking every one, on every core; they come back in a photosMsg.
func (m Model) openPhotos(paths []string) tea.Cmd {
	opening, ctx, store, record := m.opening, m.life.ctx, m.opt.Decisions, m.opt.Engine.Record
	set := m.opt.Engine
	if !set.Detect.Faces {
		set.Detect = inspectOptions
	}
	set.Jobs = m.opt.jobs()
	return func() tea.Msg {
		inputs := photo.Collect(paths).Inputs
		ctx, cancel := context.WithCancel(ctx)
		c := &run{cancel: cancel, store: store, record: record}
		c.q = engine.New(set).Start(ctx, inputs, engine.CheckOptions{
			Started: func(int) { scansStarted.Add(1) },
			Keep:    func(p *photo.Photo, _ detect.Report) any { return makeThumbnail(p.Image) },
		})
		return photosMsg{opening: opening, inputs: inputs, run: c}
	}
}

// next waits for the next photo checked (nothing once all are, or the app
// has quit: the memory the checks took is then given back).
func (c *run) next() tea.Cmd {
	return func() tea.Msg {
		i, r, ok := c.q.Next()
		if !ok {
			return releaseMemory()
		}
		msg := scannedMsg{run: c, index: i, report: r.Report, err: r.Err, hash: r.Hash}
		if st, err := os.Stat(r.Input.Path); err == nil {
			msg.stamp = stampOf(st)
		}
		if r.Err != nil {
			msg.report, msg.why = nil, whyUnreadable(r.Input.Path, r.Err)
		}
		if rep := msg.report; rep != nil && msg.hash != "" {
			// The masks of the last copy saved, when the store has lost
			// the parent's decision (fromCopy).
			msg.dec, msg.state, msg.fromCopy = engine.KeptDecision(c.store, c.record, r.Input.Path, msg.hash, rep.Width, rep.Height)
			msg.changed = msg.state == engine.NoDecision && c.store.Changed(r.Input.Path, msg.hash)
			if plan, ok := engine.SavedPlan(c.record, r.Input.Path, msg.hash); ok {
				msg.saved = planKey(plan)
			}
		}
		if t, ok := r.Kept.(thumbnail); ok {
			msg.small = t
		}
		return msg
	}
}

// Init looks for the photos and starts checking them.
func (m Model) Init() tea.Cmd { return m.openPhotos(m.opt.Paths) }

// Update handles the messages of the session and of navigation, and hands
// the others to the screen shown.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.browse.list.SetSize(msg.Width, msg.Height-2)
		m.picker.SetHeight(max(3, msg.Height-5))
		return m, m.refreshReview()
	case photosMsg:
		return m.photosFound(msg)
	case scannedMsg:
		return m.scanned(msg)
	case previewMsg:
		m.review.keep(msg)
		return m, nil
	case thumbMsg:
		if msg.img != nil {
			msg.p.thumb = msg.img
			m.thumbs.use(msg.p)
		}
		return m, m.refreshReview()
	case exportSortedMsg, exportResultMsg, exportDoneMsg:
		m.export, cmd = m.export.update(m.session, msg)
		return m, cmd
	case openReviewMsg:
		return m.openReview(msg.index, msg.notice)
	case backToBrowseMsg:
		m.screen = browseScreen
		// The audience or the masks may have changed.
		return m, m.browse.setItems(m.session)
	case openExportMsg:
		m.screen = exportScreen
		m.export, cmd = m.export.open(m.width)
		return m, cmd
	case openPickerMsg:
		m.screen = pickerScreen
		return m, m.picker.Init()
	case folderPickedMsg:
		m.screen = browseScreen
		m.checks.replace(nil) // the photos of the folder no longer shown
		m.photos, m.pending, m.finding = nil, 0, true
		m.thumbs.forget()
		m.opened = []string{msg.dir}
		m.opening++
		m.export.setDir(defaultExportDir(msg.dir))
		return m, tea.Batch(m.browse.setItems(m.session), m.openPhotos([]string{msg.dir}))
	case nextAudienceMsg:
		m.nextAudience()
		return m, tea.Batch(m.browse.setItems(m.session), m.refreshReview())
	case styleForAllMsg:
		m.styleForAll(msg.style)
		m.browse.notice = m.lang.T(words.AppStyleForAll, styleName(m.lang, string(msg.style)))
		return m, tea.Batch(m.browse.setItems(m.session), m.refreshReview())
	case quitMsg:
		return m.askQuit()
	case detailsMsg:
		m.details = !m.details
		return m, m.refreshReview()
	case tea.KeyMsg:
		if m.confirmQuit {
			return m.quitAnswer(msg)
		}
		if msg.String() == "ctrl+c" {
			return m.askQuit()
		}
		typing := m.screen == exportScreen || m.screen == browseScreen && m.browse.list.FilterState() == list.Filtering
		// Keys typed fast can arrive together ("mmm"); outside text input,
		// each is a command of its own, handled in turn: the keys after one
		// that opens another screen go to that screen.
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste && !typing {
			first, rest := msg, msg
			first.Runes, rest.Runes = msg.Runes[:1], msg.Runes[1:]
			tm, cmd := m.Update(first)
			return tm, tea.Sequence(cmd, send(rest))
		}
		if key.Matches(msg, m.keys.Help) && !typing {
			m.help.ShowAll = !m.help.ShowAll
			return m, m.refreshReview()
		}
		if key.Matches(msg, m.keys.Lang) && !typing {
			cmd := m.setLang(nextLang(m.lang))
			return m, tea.Batch(cmd, m.refreshReview())
		}
	}
	switch m.screen {
	case reviewScreen:
		m.review, cmd = m.review.update(m.session, msg)
	case exportScreen:
		m.export, cmd = m.export.update(m.session, msg)
	case pickerScreen:
		m.picker, cmd = m.picker.update(m.session, msg)
	default:
		m.browse, cmd = m.browse.update(m.session, msg)
	}
	return m, cmd
}

// photosFound shows the photos found and waits for the first one checked.
func (m Model) photosFound(msg photosMsg) (tea.Model, tea.Cmd) {
	if msg.opening != m.opening {
		msg.run.cancel() // a folder was picked since
		return m, nil
	}
	m.checks.replace(msg.run)
	m.photos = nil
	for _, in := range msg.inputs {
		m.photos = append(m.photos, &photoState{path: in.Path, rel: in.Rel, pair: in.Pair, style: redact.Emoji})
	}
	m.pending, m.finding = len(m.photos), false
	return m, tea.Batch(m.browse.setItems(m.session), msg.run.next())
}

func (m Model) scanned(msg scannedMsg) (tea.Model, tea.Cmd) {
	if msg.run != m.checks.current() || msg.index >= len(m.photos) {
		return m, nil // from a folder no longer shown
	}
	next := msg.run.next()
	p := m.photos[msg.index]
	p.report, p.err, p.why, p.small, p.scale, p.stamp, p.hash = msg.report, msg.err, msg.why, msg.small, msg.small.scale, msg.stamp, msg.hash
	p.thumb = nil
	if p.report != nil {
		m.restore(p, msg)
	}
	m.pending--
	cmd := m.browse.refreshItem(m.session, msg.index)
	if m.screen == reviewScreen && m.review.index == msg.index && p.err != nil {
		// The photo opened while it was checked cannot be read: back to
		// the list, which says so; there is nothing to review.
		m.screen = browseScreen
		m.browse.refused = p
		return m, tea.Batch(cmd, next)
	}
	if m.screen == exportScreen {
		cmd = tea.Batch(cmd, m.export.checked(m.session)) // saving waits for every photo
	}
	if m.review.index == msg.index {
		return m, tea.Batch(cmd, m.refreshReview(), next)
	}
	return m, tea.Batch(cmd, next)
}

// openReview shows photo i; a photo not checked yet is checked next.
func (m Model) openReview(i int, notice string) (Model, tea.Cmd) {
	if i < len(m.photos) && m.photos[i].report == nil && m.photos[i].err == nil {
		m.checks.bump(i) // the photo the parent opens is checked next
	}
	m.screen = reviewScreen
	var cmd tea.Cmd
	m.review, cmd = m.review.open(m.session, i, notice)
	return m, cmd
}

// refreshReview recomputes the review's panel and preview, when the
// review is shown.
func (m *Model) refreshReview() tea.Cmd {
	if m.screen != reviewScreen {
		return nil
	}
	return m.review.refresh(m.session)
}

// View draws the current screen.
func (m Model) View() string {
	if m.confirmQuit {
		return m.quitView()
	}
	switch m.screen {
	case reviewScreen:
		return m.review.view(m.session)
	case exportScreen:
		return m.export.view(m.session)
	case pickerScreen:
		return m.picker.view(m.session)
	}
	return m.browse.view(m.session)
}

// assess is the advice for a photo, for the chosen audience.
func (s session) assess(p *photoState) advise.Assessment {
	return advise.Assess(*p.report, s.audience, s.lang)
}

// nextAudience cycles public -> friends -> group -> private.
func (s *session) nextAudience() {
	for i, a := range advise.Audiences {
		if a == s.audience {
			s.audience = advise.Audiences[(i+1)%len(advise.Audiences)]
			return
		}
	}
	s.audience = advise.Public
}
