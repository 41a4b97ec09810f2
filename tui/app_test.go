package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
)

func TestBrowseThenDetails(t *testing.T) {
	m := newModel(Options{Paths: []string{"../testdata/photos/school-gate.jpg"}, Lang: advise.English})
	var tm tea.Model = m
	tm, _ = tm.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	// Run the scan command as bubbletea would, and feed back its message.
	msg := scan(0, "../testdata/photos/school-gate.jpg")()
	tm, _ = tm.Update(msg)
	if v := tm.View(); !strings.Contains(v, "school-gate.jpg") || !strings.Contains(v, "location") || !strings.Contains(v, "critical") {
		t.Fatalf("browse view lacks the photo's badges:\n%s", v)
	}
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if v := tm.View(); !strings.Contains(v, "near Lyon") || !strings.Contains(v, "45.75781,4.83201") {
		t.Fatalf("details view lacks the location:\n%s", v)
	}
	tm, _ = tm.Update(tea.KeyMsg{Type: tea.KeyEsc})
	_, cmd := tm.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("q")})
	if cmd == nil {
		t.Fatal("q does not quit")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q does not quit")
	}
}
