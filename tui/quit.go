package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/words"
)

// Quitting: q (on the screens where it is not a letter typed) and ctrl+c
// quit at once when every change the parent made is in a safe copy;
// otherwise the app asks first: quit anyway (y), stay (n, esc) or save the
// copies (e). The parent's choices are kept for next time either way; the
// question is about the safe copies. ctrl+c while asked quits.

// askQuit quits, or asks first when changes are not in a safe copy yet.
func (m Model) askQuit() (Model, tea.Cmd) {
	if m.confirmQuit || m.unsaved() == 0 {
		return m, m.life.quit
	}
	m.confirmQuit = true
	return m, nil
}

// quitAnswer takes the parent's answer to the question.
func (m Model) quitAnswer(k tea.KeyMsg) (Model, tea.Cmd) {
	switch {
	case k.String() == "ctrl+c" || key.Matches(k, m.keys.QuitYes):
		return m, m.life.quit
	case key.Matches(k, m.keys.QuitSave):
		m.confirmQuit = false
		return m, send(openExportMsg{})
	case key.Matches(k, m.keys.QuitNo):
		m.confirmQuit = false
		return m, m.refreshReview()
	}
	return m, nil
}

// quitView is the question asked before quitting.
func (m Model) quitView() string {
	var b strings.Builder
	wrap := m.st.r.NewStyle()
	if m.width > 1 {
		wrap = wrap.Width(m.width - 1)
	}
	b.WriteString(m.st.title.Render(truncate(m.lang.T(words.AppTitle), m.width)) + "\n\n")
	n := m.unsaved()
	b.WriteString(m.st.warn.Render(wrap.Render(m.lang.N(n, words.AppQuitUnsavedOne, words.AppQuitUnsavedMany))) + "\n\n")
	if m.edits.rec.store != nil {
		why := m.lang.T(words.AppQuitKept)
		if m.edits.rec.notKept() != nil {
			why = m.lang.T(words.AppDecisionsNotKept)
		}
		b.WriteString(wrap.Render(why) + "\n\n")
	}
	b.WriteString(wrap.Render(m.lang.T(words.AppQuitAsk)) + "\n\n")
	b.WriteString(m.helpView(m.keys.quitHelp()))
	return b.String()
}
