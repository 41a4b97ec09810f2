package tui

import (
	"os"
	"path/filepath"

	"github.com/charmbracelet/bubbles/filepicker"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/photo"
	"github.com/sharesafe/sharesafe/words"
)

// pickerModel is the folder picker screen: bubbles' file picker, on which
// the parent picks a photo or a folder to open.
type pickerModel struct {
	filepicker.Model
}

// newPicker is the folder picker, started in the folder given first (an
// absolute path, so that going up always works), without permission
// strings.
func newPicker(paths []string) pickerModel {
	fp := filepicker.New()
	fp.DirAllowed, fp.FileAllowed = true, true
	fp.ShowPermissions = false
	fp.ShowSize = false // bubbles writes sizes in English ("4.1kB"), and a folder's size says nothing
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
	return pickerModel{fp}
}

// setLang says the picker's own words in lang: what an empty folder shows
// (bubbles' "Bummer. No Files Found.").
func (p *pickerModel) setLang(lang words.Lang) {
	p.Styles.EmptyDirectory = p.Styles.EmptyDirectory.SetString(lang.T(words.AppPickEmpty))
}

// update: esc goes back to the list; picking a photo opens its folder,
// picking a folder opens it.
func (p pickerModel) update(s session, msg tea.Msg) (pickerModel, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, s.keys.Back) {
		return p, send(backToBrowseMsg{})
	}
	var cmd tea.Cmd
	p.Model, cmd = p.Model.Update(msg)
	if ok, path := p.DidSelectFile(msg); ok {
		dir := path
		if photo.HasPhotoExt(path) {
			dir = filepath.Dir(path)
		}
		return p, send(folderPickedMsg{dir: dir})
	}
	return p, cmd
}

func (p pickerModel) view(s session) string {
	return s.st.title.Render(truncate(s.lang.T(words.AppPickTitle), s.width)) + "\n" +
		truncate(s.lang.T(words.AppPickIn)+" "+p.CurrentDirectory, s.width) + "\n" +
		p.Model.View() + "\n" + s.helpView(s.keys.pickerHelp())
}
