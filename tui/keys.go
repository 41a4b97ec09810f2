package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"github.com/sharesafe/sharesafe/advise"
)

// keyMap holds every key of the app; each screen shows the ones it uses.
type keyMap struct {
	Open, Back, Quit, Help, Audience, Export, Folder, Filter, Lang  key.Binding
	Next, Prev, Toggle, Style, Add, Delete, Original, Children      key.Binding
	Up, Down, Left, Right, Wider, Narrower, Taller, Shorter, Scroll key.Binding
	Save, Yes, No, Stop, Done, CtrlC                                key.Binding
	// Help only: the mouse, and the folder picker's own keys.
	Click, Drag, Wheel, PickMove, PickOpen, PickUp key.Binding
}

// helpFr translates the key descriptions.
var helpFr = map[string]string{
	"review": "vérifier", "back": "retour", "quit": "quitter", "more keys": "autres touches",
	"who will see it": "qui la verra", "save safe copies": "enregistrer les copies sûres",
	"open a folder": "ouvrir un dossier", "next face": "visage suivant", "previous face": "visage précédent",
	"mask on/off": "masque oui/non", "mask style": "style du masque", "add a mask": "ajouter un masque",
	"remove this mask": "supprimer ce masque", "show the original": "voir l'original",
	"move the mask": "déplacer le masque", "resize the mask": "agrandir/réduire", "scroll the advice": "faire défiler les conseils",
	"save": "enregistrer", "filter": "filtrer", "français": "English",
	"mask all but adults": "masquer tout sauf les adultes",
	"pick a mask":         "choisir un masque",
	"stop":                "arrêter", "back to the list": "retour à la liste", "move a mask, or draw one on the photo": "déplacer un masque, ou en dessiner un",
	"yes": "oui", "no": "non", "move": "se déplacer", "open": "ouvrir", "up a folder": "dossier parent",
}

// neverTyped is a key no terminal sends: it keeps a help-only binding
// enabled (bubbles hides bindings without keys).
const neverTyped = "\x00help-only"

func newKeys(lang advise.Lang) keyMap {
	b := func(keys []string, k, help string) key.Binding {
		if lang == advise.French && helpFr[help] != "" {
			help = helpFr[help]
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, help))
	}
	only := func(k, help string) key.Binding { return b([]string{neverTyped}, k, help) }
	mouse := map[advise.Lang][3]string{
		advise.English: {"click", "drag", "wheel"},
		advise.French:  {"clic", "glisser", "molette"},
	}[lang]
	if mouse[0] == "" {
		mouse = [3]string{"click", "drag", "wheel"}
	}
	yes := "y"
	if lang == advise.French {
		yes = "o" // oui
	}
	return keyMap{
		Open:     b([]string{"enter"}, "enter", "review"),
		Back:     b([]string{"esc"}, "esc", "back"),
		Quit:     b([]string{"q", "ctrl+c"}, "q", "quit"),
		Help:     b([]string{"?"}, "?", "more keys"),
		Audience: b([]string{"a"}, "a", "who will see it"),
		Export:   b([]string{"e"}, "e", "save safe copies"),
		Folder:   b([]string{"o"}, "o", "open a folder"),
		Filter:   b([]string{"/"}, "/", "filter"),
		Lang:     b([]string{"L"}, "L", "français"),
		Next:     b([]string{"tab"}, "tab", "next face"),
		Prev:     b([]string{"shift+tab"}, "shift+tab", "previous face"),
		Toggle:   b([]string{" "}, "space", "mask on/off"),
		Style:    b([]string{"m"}, "m", "mask style"),
		Add:      b([]string{"n"}, "n", "add a mask"),
		Delete:   b([]string{"x", "delete"}, "x", "remove this mask"),
		Original: b([]string{"v"}, "v", "show the original"),
		Children: b([]string{"c"}, "c", "mask all but adults"),
		Up:       b([]string{"up"}, "↑↓←→", "move the mask"),
		Down:     b([]string{"down"}, "", ""),
		Left:     b([]string{"left"}, "", ""),
		Right:    b([]string{"right"}, "", ""),
		Wider:    b([]string{"shift+right"}, "shift+↑↓←→", "resize the mask"),
		Narrower: b([]string{"shift+left"}, "", ""),
		Taller:   b([]string{"shift+down"}, "", ""),
		Shorter:  b([]string{"shift+up"}, "", ""),
		Scroll:   b([]string{"pgup", "pgdown"}, "pgup/pgdn", "scroll the advice"),
		Save:     b([]string{"enter"}, "enter", "save"),
		Yes:      b([]string{"y", "o"}, yes, "yes"),
		Stop:     b([]string{"esc"}, "esc", "stop"),
		Done:     b([]string{"enter"}, "enter", "back to the list"),
		CtrlC:    b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		No:       b([]string{"n"}, "n", "no"),
		Click:    only(mouse[0], "pick a mask"),
		Drag:     only(mouse[1], "move a mask, or draw one on the photo"),
		Wheel:    only(mouse[2], "scroll the advice"),
		PickMove: only("↑↓", "move"),
		PickOpen: only("→/enter", "open"),
		PickUp:   only("←/backspace", "up a folder"),
	}
}

// helpKeys are a screen's bindings: the hint bar (short, ending with the
// key for every key) and the full help.
type helpKeys struct{ short, full []key.Binding }

func (k keyMap) browseHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Open, k.Export, k.Audience, k.Filter, k.Lang, k.Quit, k.Help},
		full:  []key.Binding{k.Open, k.PickMove, k.Filter, k.Export, k.Audience, k.Folder, k.Lang, k.Quit, k.Help},
	}
}

func (k keyMap) reviewHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Next, k.Toggle, k.Add, k.Children, k.Export, k.Back, k.Style, k.Audience, k.Help},
		full: []key.Binding{k.Next, k.Prev, k.Toggle, k.Children, k.Style, k.Add, k.Delete, k.Up, k.Wider,
			k.Click, k.Drag, k.Original, k.Audience, k.Scroll, k.Wheel, k.Lang, k.Export, k.Back, k.Quit, k.Help},
	}
}

// exportHelp: while the folder is typed, q is a letter of it.
func (k keyMap) exportHelp(e exportModel) helpKeys {
	b := []key.Binding{k.Save, k.Back, k.CtrlC}
	switch {
	case e.running:
		b = []key.Binding{k.Stop, k.Quit}
	case e.done:
		b = []key.Binding{k.Done, k.Quit}
	}
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
