package tui

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/sharesafe/sharesafe/advise"
)

// keyMap holds every key of the app; each screen shows the ones it uses.
type keyMap struct {
	Open, Back, Quit, Help, Audience, Export, Folder                key.Binding
	Next, Prev, Toggle, Style, Add, Delete, Original                key.Binding
	Up, Down, Left, Right, Wider, Narrower, Taller, Shorter, Scroll key.Binding
	Save                                                            key.Binding
}

// helpFr translates the key descriptions.
var helpFr = map[string]string{
	"review": "vérifier", "back": "retour", "quit": "quitter", "more keys": "autres touches",
	"who will see it": "qui la verra", "save safe copies": "enregistrer les copies sûres",
	"open a folder": "ouvrir un dossier", "next face": "visage suivant", "previous face": "visage précédent",
	"mask on/off": "masque oui/non", "mask style": "style du masque", "add a mask": "ajouter un masque",
	"remove this mask": "supprimer ce masque", "show the original": "voir l'original",
	"move the mask": "déplacer le masque", "resize the mask": "agrandir/réduire", "scroll the advice": "faire défiler les conseils",
	"save": "enregistrer",
}

func newKeys(lang advise.Lang) keyMap {
	b := func(keys []string, k, help string) key.Binding {
		if lang == advise.French && helpFr[help] != "" {
			help = helpFr[help]
		}
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, help))
	}
	return keyMap{
		Open:     b([]string{"enter"}, "enter", "review"),
		Back:     b([]string{"esc"}, "esc", "back"),
		Quit:     b([]string{"q", "ctrl+c"}, "q", "quit"),
		Help:     b([]string{"?"}, "?", "more keys"),
		Audience: b([]string{"a"}, "a", "who will see it"),
		Export:   b([]string{"e"}, "e", "save safe copies"),
		Folder:   b([]string{"o"}, "o", "open a folder"),
		Next:     b([]string{"tab"}, "tab", "next face"),
		Prev:     b([]string{"shift+tab"}, "shift+tab", "previous face"),
		Toggle:   b([]string{" "}, "space", "mask on/off"),
		Style:    b([]string{"m"}, "m", "mask style"),
		Add:      b([]string{"n"}, "n", "add a mask"),
		Delete:   b([]string{"x", "delete"}, "x", "remove this mask"),
		Original: b([]string{"v"}, "v", "show the original"),
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
	}
}

// helpKeys adapts a screen's bindings to bubbles' help.KeyMap.
type helpKeys struct{ short, full []key.Binding }

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return [][]key.Binding{h.full} }

func (k keyMap) browseHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Open, k.Export, k.Audience, k.Help, k.Quit},
		full:  []key.Binding{k.Open, k.Export, k.Audience, k.Folder, k.Back, k.Quit},
	}
}

func (k keyMap) reviewHelp() helpKeys {
	return helpKeys{
		short: []key.Binding{k.Next, k.Toggle, k.Style, k.Add, k.Audience, k.Export, k.Back, k.Help},
		full:  []key.Binding{k.Next, k.Prev, k.Toggle, k.Style, k.Add, k.Delete, k.Up, k.Wider, k.Original, k.Audience, k.Scroll, k.Export, k.Back, k.Quit},
	}
}

func (k keyMap) exportHelp() helpKeys {
	b := []key.Binding{k.Save, k.Back}
	return helpKeys{short: b, full: b}
}
