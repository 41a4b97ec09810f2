package report

import (
	"html/template"
	"strings"

	"github.com/sharesafe/sharesafe/advise"
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

var texts = map[advise.Lang]pageText{
	advise.English: {
		Title:        "What your photos give away",
		Intro:        "Each photo below as it was, and the safe copy sharesafe writes: faces masked, hidden information removed. Everything was checked on this computer; nothing was sent anywhere.",
		Before:       "Before: the original",
		After:        "After: the safe copy",
		BeforeNote:   "Faces are covered here too, so this page can be shown to a room.",
		Shown:        "Faces are shown uncovered on this page.",
		Revealed:     "What the file revealed",
		Nothing:      "Nothing hidden was found in the file.",
		Advice:       "Advice",
		Help:         "Where to get help",
		AdviceFor:    "The advice is for photos",
		Footer:       "Made offline by sharesafe. Faces are found automatically and some can be missed: always look at the safe copy before sharing it.",
		Unreadable:   "This file could not be read: it is damaged, or in a format sharesafe does not know. Nothing was written for it.",
		Photo:        "Photo",
		Credits:      "The demo photos",
		HandoutTitle: "Before you post a photo of a child",
		HandoutIntro: "A photo says more than what it shows: where and when it was taken, whose phone took it, sometimes a hidden copy or a few seconds of video. Three habits protect children, with or without sharesafe.",
		HabitsTitle:  "Three habits",
		Habits: []habit{
			{"Turn off location for the camera.", "A phone writes into each photo where it was taken, typically to about 5 m: enough to find a house or a school (GPS.gov, 2020). In the camera's settings, turn off location."},
			{"Post later, not live.", "A photo posted live tells everyone where your child is now; the same places at the same times give away a routine, like the school run."},
			{"Ask before posting someone else's child.", "Other families have not chosen to share their children. Ask your own child too, if they are old enough, and the other parent: in France, both parents protect their child's image together (law of 19 Feb 2024)."},
		},
		CheckTitle: "Before sharing, look at the photo",
		Checks: []string{
			"Faces: are they masked, all of them? Detectors miss some: tools help, people check.",
			"Names and places in the picture: a name tag, a school logo or uniform, a street sign, a house number, a car plate.",
			"Bath, beach or swimsuit photos of a child are best not posted at all.",
			"Friends-only is not private: anyone who sees a photo can take a screenshot and pass it on (NSPCC).",
			"If you aren't sure, share it privately.",
		},
		Tool:     "sharesafe removes the hidden information and masks faces, offline, on your own computer: sharesafe redact PHOTO, or sharesafe for the review screen.",
		Audience: map[advise.Audience]string{advise.Public: "shared publicly", advise.Friends: "shared with friends", advise.Group: "shared in a group", advise.Private: "shared privately"},
	},
	advise.French: {
		Title:        "Ce que vos photos révèlent",
		Intro:        "Chaque photo telle qu'elle était, et la copie sûre écrite par sharesafe : visages masqués, informations cachées retirées. Tout a été vérifié sur cet ordinateur ; rien n'a été envoyé.",
		Before:       "Avant : l'original",
		After:        "Après : la copie sûre",
		BeforeNote:   "Les visages sont aussi couverts ici, pour pouvoir projeter cette page.",
		Shown:        "Les visages sont montrés sans masque sur cette page.",
		Revealed:     "Ce que le fichier révélait",
		Nothing:      "Rien de caché n'a été trouvé dans le fichier.",
		Advice:       "Conseils",
		Help:         "Où trouver de l'aide",
		AdviceFor:    "Les conseils valent pour une photo",
		Footer:       "Fait hors ligne par sharesafe. Les visages sont trouvés automatiquement et certains peuvent échapper : regardez toujours la copie sûre avant de la partager.",
		Unreadable:   "Ce fichier n'a pas pu être lu : il est abîmé, ou dans un format que sharesafe ne connaît pas. Rien n'a été écrit pour lui.",
		Photo:        "Photo",
		Credits:      "Les photos de démonstration",
		HandoutTitle: "Avant de publier la photo d'un enfant",
		HandoutIntro: "Une photo en dit plus que ce qu'elle montre : où et quand elle a été prise, quel téléphone l'a prise, parfois une copie cachée ou quelques secondes de vidéo. Trois habitudes protègent les enfants, avec ou sans sharesafe.",
		HabitsTitle:  "Trois habitudes",
		Habits: []habit{
			{"Désactivez la localisation de l'appareil photo.", "Un téléphone inscrit dans chaque photo l'endroit où elle a été prise, en général à 5 m près : de quoi retrouver une maison ou une école (GPS.gov, 2020). Dans les réglages de l'appareil photo, désactivez la localisation."},
			{"Publiez plus tard, pas en direct.", "Une photo publiée en direct dit à tous où se trouve votre enfant maintenant ; les mêmes lieux aux mêmes heures trahissent des habitudes, comme le chemin de l'école."},
			{"Demandez avant de publier l'enfant d'un autre.", "Les autres familles n'ont pas choisi de montrer leurs enfants. Demandez aussi à votre enfant, selon son âge, et à l'autre parent : les parents protègent en commun le droit à l'image de leur enfant (loi du 19 février 2024)."},
		},
		CheckTitle: "Avant de partager, regardez la photo",
		Checks: []string{
			"Les visages : sont-ils tous masqués ? Les détecteurs en manquent : les outils aident, les personnes vérifient.",
			"Les noms et les lieux dans l'image : un badge avec un prénom, le logo ou l'uniforme d'une école, une plaque de rue, un numéro de maison, une plaque d'immatriculation.",
			"Les photos d'enfant au bain, à la plage ou en maillot sont à garder pour soi.",
			"« Amis seulement » n'est pas privé : toute personne qui voit une photo peut en faire une capture d'écran et la transmettre (NSPCC).",
			"Dans le doute, partagez-la en privé.",
		},
		Tool:     "sharesafe retire les informations cachées et masque les visages, hors ligne, sur votre ordinateur : sharesafe redact PHOTO, ou sharesafe pour l'écran de vérification.",
		Audience: map[advise.Audience]string{advise.Public: "partagée en public", advise.Friends: "partagée avec des amis", advise.Group: "partagée dans un groupe", advise.Private: "partagée en privé"},
	},
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
}).Parse(`<!DOCTYPE html>
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
{{end}}`))
