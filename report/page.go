package report

import (
	"html/template"
	"strings"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/words"
)

// habit is one of the three habits of the workshop's last step.
type habit struct{ Title, Why string }

type pageText struct {
	Title, Intro, Before, After, BeforeNote, Revealed, Nothing, Advice, Help, Footer, Shown, AdviceFor string
	// Unreadable replaces the picture of a file that could not be read.
	Unreadable string
	// Photo introduces a demo photo's credit; Credits heads their list.
	Photo, Credits string
	// The handout, also the end of the report.
	HandoutTitle, HandoutIntro, HabitsTitle string
	Habits                                  []habit
	CheckTitle                              string
	Checks                                  []string
	Tool                                    string
	Audience                                map[advise.Audience]string
}

// pageTexts are the page's words in a language.
func pageTexts(lang advise.Lang) pageText {
	t := func(k words.Key) string { return lang.T(k) }
	return pageText{
		Title:        t(words.ReportTitle),
		Intro:        t(words.ReportIntro),
		Before:       t(words.ReportBefore),
		After:        t(words.ReportAfter),
		BeforeNote:   t(words.ReportBeforeNote),
		Shown:        t(words.ReportShown),
		Revealed:     t(words.ReportRevealed),
		Advice:       t(words.ReportAdvice),
		Help:         t(words.ReportHelp),
		AdviceFor:    t(words.ReportAdviceFor),
		Footer:       t(words.ReportFooter),
		Unreadable:   t(words.ReportUnreadable),
		Photo:        t(words.ReportPhoto),
		Credits:      t(words.ReportCredits),
		HandoutTitle: t(words.HandoutTitle),
		HandoutIntro: t(words.HandoutIntro),
		HabitsTitle:  t(words.HandoutHabits),
		CheckTitle:   t(words.HandoutCheck),
		Tool:         t(words.HandoutTool),
		Nothing:      t(words.Nothing),
		Habits: []habit{
			{t(words.Habit1Title), t(words.Habit1Why)},
			{t(words.Habit2Title), t(words.Habit2Why)},
			{t(words.Habit3Title), t(words.Habit3Why)},
		},
		Checks:   []string{t(words.Check1), t(words.Check2), t(words.Check3), t(words.Check4), t(words.Check5)},
		Audience: map[advise.Audience]string{advise.Public: t(words.SharedPublic), advise.Friends: t(words.SharedFriends), advise.Group: t(words.SharedGroup), advise.Private: t(words.SharedPrivate)},
	}
}

// style is the page's CSS. Every text reaches WCAG AA contrast (4.5:1)
// against its background on screen and in print (TestContrast reads it).
// Printers leave backgrounds out, so print colours are dark on white.
const style = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f6fb; color: #1d2433; font-size: 18px; line-height: 1.45; }
header { background: #1f3a93; color: #ffffff; padding: 24px 40px; }
header h1 { margin: 0 0 8px; font-size: 34px; }
header p { margin: 0; max-width: 70em; }
main { padding: 16px 40px 40px; }
section.photo, section.end { background: #ffffff; border-radius: 12px; border: 1px solid #d7dbe6; margin: 24px 0; padding: 20px 24px; }
h2 { margin: 0 0 12px; font-size: 26px; }
.pair { display: flex; gap: 24px; flex-wrap: wrap; }
figure { margin: 0; flex: 1 1 340px; }
figure img { width: 100%; height: auto; border-radius: 8px; border: 1px solid #d7dbe6; }
figcaption { font-weight: 600; margin-top: 6px; }
.note { color: #4a5161; font-size: 15px; }
.cols { display: flex; gap: 32px; flex-wrap: wrap; margin-top: 16px; }
.cols > div { flex: 1 1 380px; }
h3 { margin: 8px 0; font-size: 21px; }
ul, ol { margin: 4px 0; padding-left: 22px; }
.level { display: inline-block; padding: 2px 12px; border-radius: 999px; color: #ffffff; font-weight: 700; }
.level.info { background: #5f6673; }
.level.low { background: #0e7490; }
.level.medium { background: #b45309; }
.level.high { background: #c2410c; }
.level.critical { background: #b91c1c; }
.risk { border-left: 6px solid #8a93a6; padding: 4px 12px; margin: 10px 0; color: #1d2433; }
.risk.low { border-left-color: #0e7490; }
.risk.medium { border-left-color: #b45309; }
.risk.high, .risk.critical { border-left-color: #b91c1c; }
.risk b { display: block; }
.fix { color: #14532d; }
.src { color: #4a5161; font-size: 15px; }
.err { background: #fdecec; color: #7f1d1d; border-left: 6px solid #b91c1c; padding: 8px 12px; font-weight: 600; }
.credit { color: #4a5161; font-size: 15px; }
.habits li { margin: 6px 0; }
.habits b { display: block; }
footer { padding: 0 40px 32px; color: #4a5161; font-size: 15px; }
.handout header { padding: 20px 32px; }
.handout main { padding: 8px 32px 16px; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #ffffff; color: #000000; font-size: 11pt; line-height: 1.35; }
  header { background: #ffffff; color: #000000; padding: 0 0 6pt; border-bottom: 2pt solid #000000; }
  header h1 { font-size: 20pt; }
  main, .handout main { padding: 0; }
  h2 { font-size: 15pt; }
  h3 { font-size: 12.5pt; margin: 6pt 0 3pt; }
  section.photo, section.end { border: 1pt solid #999999; break-inside: avoid; margin: 10pt 0; padding: 8pt 10pt; }
  .level { color: #000000; border: 1pt solid #000000; background: #ffffff; }
  .note, .src, .credit, footer { color: #333333; }
  .risk { color: #000000; }
  .fix { color: #14532d; }
  .err { background: #ffffff; color: #7f1d1d; }
  footer { padding: 6pt 0 0; font-size: 9.5pt; }
  .handout header, .handout main { padding-left: 0; padding-right: 0; }
  .handout section.end { border: none; margin: 6pt 0; padding: 0; }
  .handout .habits li { margin: 3pt 0; }
}
`

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"lower": strings.ToLower,
}).Parse(pageHTML))

// pageHTML is the page's template; its texts are pageText's (.T).
const pageHTML = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{if .Handout}}{{.T.HandoutTitle}}{{else}}{{.T.Title}}{{end}}</title>
<style>{{.Style}}</style>
</head>
{{if .Handout}}<body class="handout">
<header>
<h1>{{.T.HandoutTitle}}</h1>
<p>{{.T.HandoutIntro}}</p>
</header>
<main>
{{template "end" .}}
</main>
{{else}}<body>
<header>
<h1>{{.T.Title}}</h1>
<p>{{.T.Intro}} {{.T.AdviceFor}} <b>{{.Audience}}</b>.</p>
</header>
<main>
{{range .Entries}}
<section class="photo">
<h2>{{.Name}}</h2>
{{if .Error}}<p class="err">{{$.T.Unreadable}}</p>{{else}}
<div class="pair">
<figure><img src="{{.Before}}" alt="{{$.T.Before}}"><figcaption>{{$.T.Before}}</figcaption>
<div class="note">{{if $.Faces}}{{$.T.Shown}}{{else}}{{$.T.BeforeNote}}{{end}}</div></figure>
<figure><img src="{{.After}}" alt="{{$.T.After}}"><figcaption>{{$.T.After}}</figcaption></figure>
</div>
{{with index $.Credits .Name}}<p class="credit">{{$.T.Photo}}{{$.Words.Colon}}{{.}}</p>{{end}}
<div class="cols">
<div>
<h3>{{$.T.Revealed}}</h3>
<p>{{call $.Words.Faces (len .Report.Faces)}}</p>
{{if .Revealed}}<ul>{{range .Revealed}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>{{$.T.Nothing}}</p>{{end}}
</div>
<div>
<h3>{{$.T.Advice}}{{$.Words.Colon}}<span class="level {{.Assessment.Level}}">{{index $.Words.Level .Assessment.Level}}</span></h3>
{{range .Assessment.Risks}}
<div class="risk {{.Severity}}"><b>{{.Title}}</b>{{.Why}}<div class="fix">→ {{.Fix}}</div>{{if .Source}}<div class="src">{{.Source}}</div>{{end}}</div>
{{end}}
</div>
</div>
{{end}}
</section>
{{end}}
<section class="end">
{{template "end" .}}
</section>
{{if .Credits}}<section class="end">
<h2>{{.T.Credits}}</h2>
<ul>{{range $name, $credit := .Credits}}<li class="credit"><b>{{$name}}</b>{{$.Words.Colon}}{{$credit}}</li>{{end}}</ul>
</section>{{end}}
</main>
{{end}}<footer>{{.T.Footer}}</footer>
</body>
</html>
{{define "end"}}
<h2>{{.T.HabitsTitle}}</h2>
<ol class="habits">{{range .T.Habits}}<li><b>{{.Title}}</b>{{.Why}}</li>{{end}}</ol>
<h3>{{.T.CheckTitle}}</h3>
<ul>{{range .T.Checks}}<li>{{.}}</li>{{end}}</ul>
<p>{{.T.Tool}}</p>
<h3>{{.T.Help}}</h3>
<ul>{{range .Help}}<li><b>{{.Name}}</b>{{$.Words.Colon}}{{.What}} ({{.Where}})</li>{{end}}</ul>
{{end}}`
