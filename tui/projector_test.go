package tui

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
)

// projectorPhoto is the school gate with twelve faces, as the demo's
// tennis club has, each found by the SSD, aged 3 to 47 and labelled as
// detect labels these ages: children, possible teenagers, adults.
func projectorPhoto(t *testing.T, w, h int, lang advise.Lang) Model {
	t.Helper()
	m := loaded(t, w, h, filepath.Join(photos, "school-gate.jpg"))
	m.setLang(lang)
	p := m.photos[0]
	rep := *p.report
	rep.Faces = nil
	for i := range 12 {
		age := float64(3 + 4*i)
		label, reason := detect.LabelForAge(age), ""
		if label == detect.LabelUnsure {
			reason = detect.ReasonMaybeTeen
		}
		rep.Faces = append(rep.Faces, detect.Face{Mask: detect.Rect{8 + (i%6)*80, 20 + (i/6)*200, 60, 70}, Label: label, Age: &age, Detector: "ssd", Reason: reason})
	}
	var tm tea.Model = m
	tm, _ = tm.Update(scannedMsg{run: m.checks.current(), index: 0, report: &rep, small: p.small})
	return press(t, tm.(Model), "enter")
}

// TestOnAProjector checks the review as a room sees it: at 120x35 each of
// twelve faces holds on one line, in English and French, with no
// detector's name (the d key shows the names, the age guesses as bands
// and the reasons); faces are numbered 10, 11, 12 on the preview, not
// "+"; at 80x24 the r key brings the advice to the top of the panel
// without PgDn, and again back to the faces.
func TestOnAProjector(t *testing.T) {
	for _, lang := range []advise.Lang{advise.English, advise.French} {
		m := projectorPhoto(t, 120, 35, lang)
		v := m.View()
		lines := strings.Split(v, "\n")
		faces := 0
		for i, l := range lines {
			for n := 1; n <= 12; n++ {
				if (strings.Contains(l, fmt.Sprintf("  %d  ", n)) || strings.Contains(l, fmt.Sprintf("▶ %d  ", n))) && (strings.Contains(l, "masked") || strings.Contains(l, "masqué")) {
					faces++
					next := ""
					if i+1 < len(lines) {
						next = strings.TrimSpace(lines[i+1][strings.LastIndex(lines[i+1], "|")+1:])
					}
					if next != "" && !strings.Contains(next, "masked") && !strings.Contains(next, "masqué") && !strings.HasPrefix(next, "Risk") && !strings.HasPrefix(next, "Risque") {
						t.Errorf("%s: face %d's line wraps onto %q", lang, n, next)
					}
				}
			}
		}
		if faces < 12 {
			t.Errorf("%s: %d face lines at 120x35, want 12:\n%s", lang, faces, v)
		}
		if strings.Contains(v, "ssd") {
			t.Errorf("%s: a detector's name without the details key:\n%s", lang, v)
		}
		for _, n := range []string{"10", "11", "12"} {
			if !strings.Contains(strings.Join(lines[1:18], "\n"), n) {
				t.Errorf("%s: no face numbered %s on the preview", lang, n)
			}
		}
		d := press(t, m, "d").View()
		under, from := int(math.Ceil(detect.ChildUnder)), int(math.Floor(detect.AdultFrom))
		bands := map[advise.Lang][]string{ // the French lines wrap after "âge deviné :"
			advise.English: {fmt.Sprintf("age guess under %d", under), fmt.Sprintf("age guess %d or more", from), "could be a teenager"},
			advise.French:  {fmt.Sprintf("moins de %d ans", under), fmt.Sprintf("%d ans ou plus", from), "adolescent"},
		}[lang]
		for _, want := range append(bands, "ssd") {
			if !strings.Contains(d, want) {
				t.Errorf("%s: the details key does not show %q (the detector, the age bands of children and adults, the teenagers' band):\n%s", lang, want, d)
			}
		}
	}
	m := projectorPhoto(t, 80, 24, advise.English)
	at := func(v string) int {
		for i, l := range strings.Split(v, "\n") {
			if strings.Contains(l, "Risk if you share it") {
				return i
			}
		}
		return -1
	}
	if i := at(m.View()); i >= 0 && i <= 3 {
		t.Fatalf("at 80x24 the advice is already at the top: the test proves nothing:\n%s", m.View())
	}
	m = press(t, m, "r")
	if i := at(m.View()); i < 0 || i > 2 {
		t.Errorf("r does not bring the advice to the top of the panel at 80x24 (line %d):\n%s", i, m.View())
	}
	if !strings.Contains(m.View(), "r advice") {
		t.Errorf("the hint bar does not name r at 80x24")
	}
	m = press(t, m, "r")
	if !strings.Contains(m.View(), "▶ 1") {
		t.Errorf("r again does not go back to the faces:\n%s", m.View())
	}
}

// TestPickerInTheLanguage: the folder picker's empty folder is said in the
// app's language (bubbles says "Bummer. No Files Found."), and no size is
// shown in bubbles' English units ("4.1kB").
func TestPickerInTheLanguage(t *testing.T) {
	p := newPicker([]string{t.TempDir()})
	p.setLang(advise.French)
	if got := p.Styles.EmptyDirectory.String(); !strings.Contains(got, "Aucune photo") || strings.Contains(got, "Bummer") {
		t.Errorf("empty folder: %q", got)
	}
	if p.ShowSize {
		t.Error("the picker shows sizes in English units")
	}
}
