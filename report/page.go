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
	// A clip's pictures are one of its frames.
	ClipBefore, ClipAfter, ClipNote, ClipNoFrame string
	// Risk names a photo's level; Licensed says why a demo photo's faces
	// are shown; Sources heads the list of the risks' sources (each risk
	// gives its number); AgeGuess says what an age guess is worth.
	Risk, Licensed, Sources, AgeGuess string
	// Why says that a risk's title opens its reason.
	Why string
	// Unreadable replaces the picture of a file that could not be read.
	Unreadable string
	// Photo introduces a demo photo's credit (under its pictures).
	Photo string
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
		ClipBefore:   t(words.ReportClipBefore),
		ClipAfter:    t(words.ReportClipAfter),
		ClipNote:     t(words.ReportClipNote),
		ClipNoFrame:  t(words.ReportClipNoFrame),
		Shown:        t(words.ReportShown),
		Revealed:     t(words.ReportRevealed),
		Advice:       t(words.ReportAdvice),
		Help:         t(words.ReportHelp),
		AdviceFor:    t(words.ReportAdviceFor),
		Footer:       t(words.ReportFooter),
		Unreadable:   t(words.ReportUnreadable),
		Photo:        t(words.ReportPhoto),
		HandoutTitle: t(words.HandoutTitle),
		HandoutIntro: t(words.HandoutIntro),
		HabitsTitle:  t(words.HandoutHabits),
		CheckTitle:   t(words.HandoutCheck),
		Tool:         t(words.HandoutTool),
		Nothing:      t(words.Nothing),
		Risk:         t(words.ReportRisk),
		Licensed:     t(words.ReportFacesLicensed),
		Sources:      t(words.ReportSources),
		AgeGuess:     t(words.ReportAgeGuess),
		Why:          t(words.ReportWhy),
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
// On screen, for a room: body text of 21 px, and for each photo the
// pictures with, beside them, what the safe copy removed
// (TestPageLayoutInChromium measures it at 1280x800 and 1024x768).
const style = `
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f6fb; color: #1d2433; font-size: 20px; line-height: 1.3; }
header { background: #1f3a93; color: #ffffff; padding: 14px 32px; }
header h1 { margin: 0 0 4px; font-size: 30px; }
header p { margin: 0; max-width: 80em; }
main { padding: 4px 32px 24px; }
section.photo, section.end { background: #ffffff; border-radius: 12px; border: 1px solid #d7dbe6; margin: 14px 0; padding: 12px 20px 14px; }
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; margin-bottom: 8px; }
h2 { margin: 0; font-size: 26px; }
.glance { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px; align-items: start; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
figure { margin: 0; }
figure img { width: 100%; height: auto; border-radius: 8px; border: 1px solid #d7dbe6; display: block; }
figcaption { font-weight: 700; margin-top: 4px; }
.note { color: #4a5161; font-size: 20px; margin: 6px 0 0; }
.removed h3 { margin: 0 0 4px; }
.removed ul { margin: 0; list-style: none; }
.removed li { margin: 3px 0; overflow-wrap: break-word; }
.removed li.faces, .removed li.one { list-style: disc; }
.removed summary { cursor: pointer; list-style-position: outside; }
.clamp { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
.removed details[open] .clamp { display: block; -webkit-line-clamp: none; }
h3 { margin: 12px 0 6px; font-size: 22px; }
ul, ol { margin: 4px 0; padding-left: 24px; }
.level { display: inline-block; padding: 2px 14px; border-radius: 999px; color: #ffffff; font-weight: 700; }
.level.info { background: #5f6673; }
.level.low { background: #0e7490; }
.level.medium { background: #b45309; }
.level.high { background: #c2410c; }
.level.critical { background: #b91c1c; }
.risk { border-left: 6px solid #8a93a6; padding: 2px 12px; margin: 6px 0; color: #1d2433; }
.risk.low { border-left-color: #0e7490; }
.risk.medium { border-left-color: #b45309; }
.risk.high, .risk.critical { border-left-color: #b91c1c; }
.risk summary { cursor: pointer; font-weight: 700; }
.risk details[open] summary { margin-bottom: 2px; }
.sep { color: #4a5161; }
.advice { column-width: 350px; column-gap: 28px; }
.advice .risk { break-inside: avoid; margin-top: 0; }
.fix { color: #14532d; }
.ref { color: #1f3a93; }
.src { color: #4a5161; font-size: 20px; }
.err { background: #fdecec; color: #7f1d1d; border-left: 6px solid #b91c1c; padding: 8px 12px; font-weight: 600; }
.credit { color: #4a5161; font-size: 20px; margin: 2px 0 0; }
.cols { column-width: 350px; column-gap: 32px; }
.cols li, .cols p { break-inside: avoid; }
.cols h2, .cols h3 { break-after: avoid; }
.sources { margin: 0; }
.see { margin-top: 10px; }
.cols > div:first-child h2 { margin-top: 0; }
.habits li { margin: 6px 0; }
.habits b { display: block; }
footer { padding: 0 32px 24px; color: #4a5161; font-size: 20px; }
.handout header { padding: 20px 32px; }
.handout main { padding: 8px 32px 16px; }
@media (max-width: 760px) { .glance, .pair { grid-template-columns: 1fr; } }
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
  .note, .src, .credit, footer { color: #333333; font-size: 9.5pt; }
  .risk { color: #000000; }
  .fix { color: #14532d; }
  details::details-content { content-visibility: visible; display: block; }
  .clamp { display: block; -webkit-line-clamp: none; }
  summary { list-style: none; }
  summary::-webkit-details-marker { display: none; }
  .ref { color: #000000; }
  .err { background: #ffffff; color: #7f1d1d; }
  footer { padding: 6pt 0 0; }
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
<p>{{.T.Intro}} {{.T.AdviceFor}} <b>{{.Audience}}</b>{{if .Note}}{{.Words.Colon}}{{.Note}}{{else}}.{{end}}</p>
</header>
<main>
{{range .Entries}}
<section class="photo" id="{{.ID}}">
<div class="head"><h2>{{.Name}}</h2>{{if not .Error}}<span class="level {{.Assessment.Level}}">{{$.T.Risk}}{{$.Words.Colon}}{{index $.Words.Level .Assessment.Level}}</span>{{end}}</div>
{{if .Error}}<p class="err">{{$.T.Unreadable}}</p>{{else}}
<div class="glance">
<div>
<div class="pair">
{{if not .Before}}<p class="note">{{$.T.ClipNoFrame}}</p>{{else if .Report.Video}}<figure><img src="{{.Before}}" alt="{{$.T.ClipBefore}}"><figcaption>{{$.T.ClipBefore}}</figcaption></figure>
<figure><img src="{{.After}}" alt="{{$.T.ClipAfter}}"><figcaption>{{$.T.ClipAfter}}</figcaption></figure>{{else}}<figure><img src="{{.Before}}" alt="{{$.T.Before}}"><figcaption>{{$.T.Before}}</figcaption></figure>
<figure><img src="{{.After}}" alt="{{$.T.After}}"><figcaption>{{$.T.After}}</figcaption></figure>{{end}}
</div>
<p class="note">{{if .Report.Video}}{{$.T.ClipNote}} {{end}}{{if .FacesShown}}{{if index $.Credits .Name}}{{$.T.Licensed}}{{else}}{{$.T.Shown}}{{end}}{{else}}{{$.T.BeforeNote}}{{end}}{{with index $.Credits .Name}} <span class="credit">{{$.T.Photo}}{{$.Words.Colon}}{{.}}</span>{{end}}</p>
</div>
<div class="removed">
<h3>{{$.T.Revealed}}</h3>
{{if or .Masked .Groups}}<ul>{{with .Masked}}<li class="faces"><b>{{call $.Words.Masked .}}</b></li>{{end}}{{range .Groups}}{{if eq (len .Items) 1}}<li class="one"><b>{{.Name}}</b>{{$.Words.Colon}}{{index .Items 0}}</li>{{else}}<li><details><summary><span class="clamp"><b>{{.Name}}</b>{{$.Words.Colon}}{{range $i, $x := .Items}}{{if $i}}<span class="sep"> · </span>{{end}}{{$x}}{{end}}</span></summary></details></li>{{end}}{{end}}</ul>{{else}}<p>{{$.T.Nothing}}</p>{{end}}
</div>
</div>
{{range .Seen}}<p class="risk see">{{call $.Words.See .Name}}{{$.Words.Colon}}{{range $i, $r := .Risks}}{{if $i}} · {{end}}<b>{{$r.Title}}</b>{{end}} <a class="ref" href="#{{.ID}}">↑</a></p>
{{end}}{{if .New}}<div class="head"><h3>{{$.T.Advice}}</h3><span class="note">{{$.T.Why}}</span></div>
<div class="advice">
{{range .New}}<div class="risk {{.Severity}}"><details><summary><b>[{{index $.Words.Tag .Severity}}] {{.Title}}</b></summary>{{.Why}}</details><div class="fix">→ {{.Fix}}{{if .Source}} <span class="src">[{{.Source}}]</span>{{end}}</div></div>
{{end}}</div>{{end}}
{{end}}
</section>
{{end}}
<section class="end cols">
{{template "end" .}}
{{if .Sources}}<h3>{{.T.Sources}}</h3>
<ol class="sources">{{range .Sources}}<li class="src">{{.}}</li>{{end}}</ol>{{end}}
</section>
</main>
{{end}}<footer>{{.T.Footer}}</footer>
</body>
</html>
{{define "end"}}
<div><h2>{{.T.HabitsTitle}}</h2>
<ol class="habits">{{range .T.Habits}}<li><b>{{.Title}}</b>{{.Why}}</li>{{end}}</ol></div>
<div><h3>{{.T.CheckTitle}}</h3>
<ul>{{range .T.Checks}}<li>{{.}}</li>{{end}}</ul></div>
{{if not .Handout}}<p>{{.T.AgeGuess}}</p>{{end}}
<p>{{.T.Tool}}</p>
<div><h3>{{.T.Help}}</h3>
<ul>{{range .Help}}<li><b>{{.Name}}</b>{{$.Words.Colon}}{{.What}} ({{.Where}})</li>{{end}}</ul></div>
{{end}}`
