package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/words"
)

// keyMap holds every key of the app; each screen shows the ones it uses.
type keyMap struct {
	Open, Back, Quit, Help, Audience, Export, Folder, Filter, Lang  key.Binding
	Next, Prev, Toggle, Style, Add, Delete, Original, Children      key.Binding
	Up, Down, Left, Right, Wider, Narrower, Taller, Shorter, Scroll key.Binding
	Advice, Details                                                 key.Binding
	Save, Yes, No, Stop, Done, CtrlC                                key.Binding
	// The parent's decisions: undo, the next and previous photo, a style
	// for every photo (StyleAll in the review, StyleEvery in the list),
	// and the answers before quitting.
	Undo, NextPhoto, PrevPhoto, StyleAll, StyleEvery, QuitYes, QuitNo, QuitSave key.Binding
	// Help only: the mouse, and the folder picker's own keys.
	Click, Drag, Wheel, PickMove, PickOpen, PickUp key.Binding
}

// neverTyped is a key no terminal sends: it keeps a help-only binding
// enabled (bubbles hides bindings without keys).
const neverTyped = "\x00help-only"

func newKeys(lang advise.Lang) keyMap {
	b := func(keys []string, k string, help words.Key) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, lang.T(help)))
	}
	// side are the keys that only move with the one shown in the help.
	side := func(keys ...string) key.Binding { return key.NewBinding(key.WithKeys(keys...), key.WithHelp("", "")) }
	only := func(k string, help words.Key) key.Binding { return b([]string{neverTyped}, k, help) }
	// n is a key's name in the language ("entrée", "échap").
	n := func(k words.Key) string { return lang.T(k) }
	return keyMap{
		Open:     b([]string{"enter"}, n(words.KeyNameEnter), words.KeyReview),
		Back:     b([]string{"esc"}, n(words.KeyNameEsc), words.KeyBack),
		Quit:     b([]string{"q", "ctrl+c"}, "q", words.KeyQuit),
		Help:     b([]string{"?"}, "?", words.KeyMore),
		Audience: b([]string{"a"}, "a", words.KeyAudience),
		Export:   b([]string{"e"}, "e", words.KeyExport),
		Folder:   b([]string{"o"}, "o", words.KeyFolder),
		Filter:   b([]string{"/"}, "/", words.KeyFilter),
		Lang:     key.NewBinding(key.WithKeys("L"), key.WithHelp("L", nextLang(lang).Name())),
		Next:     b([]string{"tab"}, n(words.KeyNameTab), words.KeyNext),
		Prev:     b([]string{"shift+tab"}, n(words.KeyNameShift)+"+"+n(words.KeyNameTab), words.KeyPrev),
		Toggle:   b([]string{" "}, n(words.KeyNameSpace), words.KeyToggle),
		Style:    b([]string{"m"}, "m", words.KeyStyle),
		Add:      b([]string{"n"}, "n", words.KeyAdd),
		Delete:   b([]string{"x", "delete"}, "x", words.KeyDelete),
		Original: b([]string{"v"}, "v", words.KeyOriginal),
		Children: b([]string{"c"}, "c", words.KeyChildren),
		Up:       b([]string{"up"}, "↑↓←→", words.KeyMove),
		Down:     side("down"),
		Left:     side("left"),
		Right:    side("right"),
		Wider:    b([]string{"shift+right"}, n(words.KeyNameShift)+"+↑↓←→", words.KeyResize),
		Narrower: side("shift+left"),
		Taller:   side("shift+down"),
		Shorter:  side("shift+up"),
		Scroll:   b([]string{"pgup", "pgdown"}, n(words.KeyNamePages), words.KeyScroll),
		Advice:   b([]string{"r"}, "r", words.KeyAdvice),
		Details:  b([]string{"d"}, "d", words.KeyDetails),
		Save:     b([]string{"enter"}, n(words.KeyNameEnter), words.KeySave),
		Yes:      b([]string{"y", "o"}, lang.T(words.KeyYes), words.KeyYesHelp),
		Stop:     b([]string{"esc"}, n(words.KeyNameEsc), words.KeyStop),
		Done:     b([]string{"enter"}, n(words.KeyNameEnter), words.KeyDone),
		CtrlC:    b([]string{"ctrl+c"}, "ctrl+c", words.KeyQuit),
		No:       b([]string{"n"}, "n", words.KeyNoHelp),
		Click:    only(lang.T(words.KeyClick), words.KeyPick),
		Drag:     only(lang.T(words.KeyDragName), words.KeyDrag),
		Wheel:    only(lang.T(words.KeyWheel), words.KeyScroll),
		PickMove: only("↑↓", words.KeyPickMove),
		PickOpen: only("→/"+n(words.KeyNameEnter), words.KeyPickOpen),
		PickUp:   only("←/"+n(words.KeyNameBackspace), words.KeyPickUp),

		// < and > are keys of their own on French keyboards, [ ] and . ,
		// on English ones.
		Undo:       b([]string{"u"}, "u", words.KeyUndo),
		NextPhoto:  b([]string{">", "]", "."}, ">", words.KeyNextPhoto),
		PrevPhoto:  b([]string{"<", "[", ","}, "<", words.KeyPrevPhoto),
		StyleAll:   b([]string{"M"}, "M", words.KeyStyleAll),
		StyleEvery: b([]string{"m"}, "m", words.KeyStyleEvery),
		QuitYes:    b([]string{"y", "o"}, lang.T(words.KeyYes), words.KeyQuitAnyway),
		QuitNo:     b([]string{"n", "esc"}, "n/"+n(words.KeyNameEsc), words.KeyStay),
		QuitSave:   b([]string{"e"}, "e", words.KeySaveFirst),
	}
}

// helpKeys are a screen's bindings: the hint bar (short, ending with the
// key for every key) and the full help.
type helpKeys struct{ short, full []key.Binding }

func (k keyMap) browseHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Open, k.Export, k.Audience, k.Filter, k.Lang, k.Quit, k.Help},
		full:  []key.Binding{k.Open, k.PickMove, k.Filter, k.Export, k.Audience, k.StyleEvery, k.Undo, k.Folder, k.Lang, k.Quit, k.Help},
	}
}

func (k keyMap) reviewHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Next, k.Toggle, k.Advice, k.Add, k.Children, k.Export, k.Back, k.Undo, k.NextPhoto, k.Style, k.Audience, k.Details, k.Help},
		// The mouse's long lines last: on a small window the columns on
		// the right lose their ends, never their keys.
		full: []key.Binding{k.Next, k.Prev, k.Toggle, k.Children, k.Style, k.StyleAll, k.Add, k.Delete, k.Up, k.Wider, k.Undo,
			k.NextPhoto, k.PrevPhoto, k.Original, k.Audience, k.Advice, k.Scroll, k.Wheel, k.Details, k.Click, k.Drag, k.Lang, k.Export, k.Back, k.Quit, k.Help},
	}
}

// clipHelp is the review's help for a clip: its masks cannot be edited.
func (k keyMap) clipHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Advice, k.Export, k.Back, k.NextPhoto, k.Audience, k.Details, k.Help},
		full:  []key.Binding{k.NextPhoto, k.PrevPhoto, k.Original, k.Audience, k.Advice, k.Scroll, k.Wheel, k.Details, k.Lang, k.Export, k.Back, k.Quit, k.Help},
	}
}

// exportHelp: while the folder is typed, q is a letter of it.
func (k keyMap) exportHelp(e exportModel) helpKeys {
	b := []key.Binding{k.Save, k.Back, k.CtrlC}
	switch {
	case e.waiting:
		b = []key.Binding{k.Back, k.CtrlC}
	case e.running:
		b = []key.Binding{k.Stop, k.Quit}
	case e.done:
		b = []key.Binding{k.Done, k.Quit}
	}
	return helpKeys{short: b, full: b}
}

func (k keyMap) quitHelp() helpKeys {
	b := []key.Binding{k.QuitYes, k.QuitNo, k.QuitSave}
	return helpKeys{short: b, full: b}
}

func (k keyMap) confirmHelp() helpKeys {
	b := []key.Binding{k.Yes, k.No}
	return helpKeys{short: b, full: b}
}

func (k keyMap) pickerHelp() helpKeys {
	b := []key.Binding{k.PickMove, k.PickOpen, k.PickUp, k.Back}
	return helpKeys{short: b, full: b}
}

// helpView is a screen's hint bar, or its full help once ? is pressed.
//
// The hint bar keeps its last binding (? more keys) and drops the others
// from the end until it fits the width. The full help is laid out in as
// few rows as fit the width, in columns.
func (s session) helpView(h helpKeys) string {
	hm := s.help
	hm.Width = 0 // no "…": we choose what to drop
	if !s.help.ShowAll {
		short := append([]key.Binding(nil), h.short...)
		for len(short) > 1 {
			if v := hm.ShortHelpView(short); lipgloss.Width(v) <= s.width {
				return v
			}
			short = append(short[:len(short)-2], short[len(short)-1])
		}
		return hm.ShortHelpView(short)
	}
	// Rows enough to fit the width, but never more than the screen has
	// under the title: then the descriptions are cut instead.
	var v string
	for rows := 1; rows <= len(h.full); rows++ {
		var cols [][]key.Binding
		for i := 0; i < len(h.full); i += rows {
			cols = append(cols, h.full[i:min(i+rows, len(h.full))])
		}
		v = hm.FullHelpView(cols)
		if lipgloss.Width(v) <= s.width || rows >= s.height-2 {
			break
		}
	}
	return lipgloss.NewStyle().MaxWidth(s.width).Render(strings.TrimRight(v, "\n"))
}

// helpHeight is how many lines helpView takes.
func (s session) helpHeight(h helpKeys) int { return lipgloss.Height(s.helpView(h)) }

// nextLang is the language the L key switches to: the next one of
// words.Langs, round.
func nextLang(lang advise.Lang) advise.Lang {
	all := words.Langs()
	for i, l := range all {
		if l == lang {
			return all[(i+1)%len(all)]
		}
	}
	return all[0]
}
