package report

import (
	"html/template"
	"strings"

	"github.com/sharesafe/sharesafe/advise"
)

type pageText struct {
	Title, Intro, Before, After, BeforeNote, Revealed, Nothing, Advice, Help, Footer, Shown, AdviceFor string
	Audience                                                                                           map[advise.Audience]string
}

var texts = map[advise.Lang]pageText{
	advise.English: {
		Title:      "What your photos give away",
		Intro:      "Each photo below as it was, and the safe copy sharesafe writes: faces masked, hidden information removed. Everything was checked on this computer; nothing was sent anywhere.",
		Before:     "Before: the original",
		After:      "After: the safe copy",
		BeforeNote: "Faces are covered here too, so this page can be shown to a room.",
		Shown:      "Faces are shown uncovered on this page.",
		Revealed:   "What the file revealed",
		Nothing:    "Nothing hidden was found in the file.",
		Advice:     "Advice",
		Help:       "Where to get help",
		AdviceFor:  "The advice is for photos",
		Footer:     "Made offline by sharesafe. Faces are found automatically and some can be missed: always look at the safe copy before sharing it.",
		Audience:   map[advise.Audience]string{advise.Public: "shared publicly", advise.Friends: "shared with friends", advise.Group: "shared in a group", advise.Private: "shared privately"},
	},
	advise.French: {
		Title:      "Ce que vos photos révèlent",
		Intro:      "Chaque photo telle qu'elle était, et la copie sûre écrite par sharesafe : visages masqués, informations cachées retirées. Tout a été vérifié sur cet ordinateur ; rien n'a été envoyé.",
		Before:     "Avant : l'original",
		After:      "Après : la copie sûre",
		BeforeNote: "Les visages sont aussi couverts ici, pour pouvoir projeter cette page.",
		Shown:      "Les visages sont montrés sans masque sur cette page.",
		Revealed:   "Ce que le fichier révélait",
		Nothing:    "Rien de caché n'a été trouvé dans le fichier.",
		Advice:     "Conseils",
		Help:       "Où trouver de l'aide",
		AdviceFor:  "Les conseils valent pour une photo",
		Footer:     "Fait hors ligne par sharesafe. Les visages sont trouvés automatiquement et certains peuvent échapper : regardez toujours la copie sûre avant de la partager.",
		Audience:   map[advise.Audience]string{advise.Public: "partagée en public", advise.Friends: "partagée avec des amis", advise.Group: "partagée dans un groupe", advise.Private: "partagée en privé"},
	},
}

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"lower": strings.ToLower,
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.T.Title}}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; background: #f4f6fb; color: #1d2433; font-size: 18px; line-height: 1.45; }
header { background: #1f3a93; color: #fff; padding: 24px 40px; }
header h1 { margin: 0 0 8px; font-size: 34px; }
header p { margin: 0; max-width: 70em; }
main { padding: 16px 40px 40px; }
section.photo { background: #fff; border-radius: 12px; box-shadow: 0 2px 8px rgba(0,0,0,.08); margin: 24px 0; padding: 20px 24px; }
h2 { margin: 0 0 12px; font-size: 26px; }
.pair { display: flex; gap: 24px; flex-wrap: wrap; }
figure { margin: 0; flex: 1 1 340px; }
figure img { width: 100%; height: auto; border-radius: 8px; border: 1px solid #d7dbe6; }
figcaption { font-weight: 600; margin-top: 6px; }
.note { color: #5b6475; font-size: 15px; }
.cols { display: flex; gap: 32px; flex-wrap: wrap; margin-top: 16px; }
.cols > div { flex: 1 1 380px; }
h3 { margin: 8px 0; font-size: 21px; }
ul { margin: 4px 0; padding-left: 22px; }
.level { display: inline-block; padding: 2px 12px; border-radius: 999px; color: #fff; font-weight: 700; }
.info { background: #6b7280; } .low { background: #0e7490; } .medium { background: #b45309; } .high { background: #c2410c; } .critical { background: #b91c1c; }
.risk { border-left: 6px solid #d7dbe6; padding: 4px 12px; margin: 10px 0; }
.risk.high, .risk.critical { border-left-color: #b91c1c; background: none; }
.risk.medium { border-left-color: #b45309; background: none; }
.risk b { display: block; }
.fix { color: #14532d; }
.src { color: #5b6475; font-size: 14px; }
.err { color: #b91c1c; }
footer { padding: 0 40px 32px; color: #5b6475; font-size: 15px; }
@media print {
  body { background: #fff; font-size: 12pt; }
  header { background: none; color: #000; padding: 0 0 8pt; border-bottom: 2pt solid #000; }
  main { padding: 0; }
  section.photo { box-shadow: none; border: 1pt solid #999; break-inside: avoid; page-break-inside: avoid; }
  .level { color: #000; border: 1pt solid #000; background: none; }
}
</style>
</head>
<body>
<header>
<h1>{{.T.Title}}</h1>
<p>{{.T.Intro}} {{.T.AdviceFor}} <b>{{.Audience}}</b>.</p>
</header>
<main>
{{range .Entries}}
<section class="photo">
<h2>{{.Name}}</h2>
{{if .Error}}<p class="err">{{.Error}}</p>{{else}}
<div class="pair">
<figure><img src="{{.Before}}" alt="{{$.T.Before}}"><figcaption>{{$.T.Before}}</figcaption>
<div class="note">{{if $.Faces}}{{$.T.Shown}}{{else}}{{$.T.BeforeNote}}{{end}}</div></figure>
<figure><img src="{{.After}}" alt="{{$.T.After}}"><figcaption>{{$.T.After}}</figcaption></figure>
</div>
<div class="cols">
<div>
<h3>{{$.T.Revealed}}</h3>
<p>{{call $.Words.Faces (len .Report.Faces)}}</p>
{{if .Revealed}}<ul>{{range .Revealed}}<li>{{.}}</li>{{end}}</ul>{{else}}<p>{{$.T.Nothing}}</p>{{end}}
</div>
<div>
<h3>{{$.T.Advice}}: <span class="level {{.Assessment.Level}}">{{index $.Words.Level .Assessment.Level}}</span></h3>
{{range .Assessment.Risks}}
<div class="risk {{.Severity}}"><b>{{.Title}}</b>{{.Why}}<div class="fix">→ {{.Fix}}</div>{{if .Source}}<div class="src">{{.Source}}</div>{{end}}</div>
{{end}}
{{if .Assessment.Help}}<h3>{{$.T.Help}}</h3><ul>{{range .Assessment.Help}}<li><b>{{.Name}}</b>{{$.Words.Colon}}{{.What}} ({{.Where}})</li>{{end}}</ul>{{end}}
</div>
</div>
{{end}}
</section>
{{end}}
</main>
<footer>{{.T.Footer}}</footer>
</body>
</html>
`))
