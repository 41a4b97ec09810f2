package advise

import "fmt"

// Words are the phrases around the advice, for the programs that show it
// (scan's text output, the review app), in one language.
type Words struct {
	Faces    func(n int) string
	Risk     func(a Audience, level Level) string
	Help     string
	Audience map[Audience]string
	Level    map[Level]string
	// Tag names a risk's severity in brackets ("tip" for info).
	Tag map[Level]string
	// Colon is ": " in English, " : " in French.
	Colon          string
	Nothing        string
	ScanSummary    func(photos, located, children, hidden int) string
	CouldNotRead   string
	PhotoSize      func(w, h int, format string) string
	WhatFileReveal string
	// The end of a batch: what else happened.
	Skipped, Failed func(n int) string
	Written         func(n int) string
	Existed         func(n int) string
	// MaskedRemoved is a redact line's tail: "2 faces masked, 5 pieces of
	// hidden information removed".
	MaskedRemoved func(faces, removed int) string
	// NoPhotos says that the paths given hold no photo.
	NoPhotos func(paths string) string
	// InPlaceDone says why a photo was skipped by an in-place run (%s: the
	// backup), ExistsAlready that a safe copy was left alone (%s: its path).
	InPlaceDone, ExistsAlready string
	// Stopping acknowledges Ctrl-C; Interrupted says how far a stopped run
	// got (done, total).
	Stopping    string
	Interrupted func(done, total int) string
}

// WordsFor returns the phrases of a language (English when unknown).
func WordsFor(lang Lang) Words {
	if lang == French {
		return Words{
			Faces: func(n int) string {
				if n <= 1 {
					return fmt.Sprintf("%d visage trouvé", n)
				}
				return fmt.Sprintf("%d visages trouvés", n)
			},
			Risk: func(a Audience, l Level) string {
				return fmt.Sprintf("Risque si vous la partagez %s : %s", audienceFr[a], levelFr[l])
			},
			Help:     "Où trouver de l'aide :",
			Audience: map[Audience]string{Public: "en public", Friends: "avec vos amis", Group: "dans un groupe", Private: "en privé"},
			Level:    levelFr,
			Tag:      map[Level]string{Info: "conseil", Low: "faible", Medium: "moyen", High: "élevé", Critical: "très élevé"},
			Colon:    " : ",
			Nothing:  "Rien de caché n'a été trouvé dans le fichier.",
			ScanSummary: func(p, l, c, h int) string {
				return fmt.Sprintf("%d photo(s) vérifiée(s) : %d révèlent un lieu, %d montrent des visages qui sont peut-être des enfants, %d cachent des copies.", p, l, c, h)
			},
			CouldNotRead:   "illisible",
			PhotoSize:      func(w, h int, f string) string { return fmt.Sprintf("%d×%d, %s", w, h, f) },
			WhatFileReveal: "Ce que le fichier révèle :",
			Skipped: func(n int) string {
				return plural(n, "autre fichier ignoré (pas une photo, caché ou lien).", "autres fichiers ignorés (pas des photos, cachés ou liens).")
			},
			Failed:  func(n int) string { return fmt.Sprintf("%d en échec (voir les messages ci-dessus).", n) },
			Written: func(n int) string { return plural(n, "copie sûre écrite.", "copies sûres écrites.") },
			Existed: func(n int) string {
				return fmt.Sprintf("%d déjà là, laissée(s) telle(s) quelle(s) (--overwrite pour les remplacer).", n)
			},
			MaskedRemoved: func(f, r int) string {
				return plural(f, "visage masqué", "visages masqués") + ", " + plural(r, "information cachée retirée", "informations cachées retirées")
			},
			NoPhotos:      func(p string) string { return "aucune photo trouvée dans " + p },
			InPlaceDone:   "déjà nettoyée sur place (l'original est dans %s)",
			ExistsAlready: "%s existe déjà : laissée telle quelle",
			Stopping:      "arrêt… (les copies terminées sont gardées ; Ctrl-C encore pour quitter tout de suite)",
			Interrupted: func(d, t int) string {
				return fmt.Sprintf("interrompu : %d photo(s) sur %d traitée(s) ; relancez la même commande pour finir (les copies terminées sont gardées)", d, t)
			},
		}
	}
	return Words{
		Faces: func(n int) string {
			if n == 1 {
				return "1 face found"
			}
			return fmt.Sprintf("%d faces found", n)
		},
		Risk: func(a Audience, l Level) string {
			return fmt.Sprintf("Risk if you share it %s: %s", audienceEn[a], levelEn[l])
		},
		Help:     "Where to get help:",
		Audience: audienceEn,
		Level:    levelEn,
		Tag:      map[Level]string{Info: "tip", Low: "low", Medium: "medium", High: "high", Critical: "very high"},
		Colon:    ": ",
		Nothing:  "Nothing hidden was found in the file.",
		ScanSummary: func(p, l, c, h int) string {
			return fmt.Sprintf("%d photo(s) checked: %d reveal a location, %d show faces that may be children, %d carry hidden copies.", p, l, c, h)
		},
		CouldNotRead:   "unreadable",
		PhotoSize:      func(w, h int, f string) string { return fmt.Sprintf("%d×%d, %s", w, h, f) },
		WhatFileReveal: "What the file reveals:",
		Skipped: func(n int) string {
			return plural(n, "other file skipped (not a photo, hidden or a link).", "other files skipped (not photos, hidden or links).")
		},
		Failed:  func(n int) string { return fmt.Sprintf("%d failed (see the messages above).", n) },
		Written: func(n int) string { return plural(n, "safe copy written.", "safe copies written.") },
		Existed: func(n int) string {
			return fmt.Sprintf("%d already there, left alone (use --overwrite to replace them).", n)
		},
		MaskedRemoved: func(f, r int) string {
			return plural(f, "face masked", "faces masked") + ", " + plural(r, "piece of hidden information removed", "pieces of hidden information removed")
		},
		NoPhotos:      func(p string) string { return "no photos found in " + p },
		InPlaceDone:   "cleaned in place already (the original is %s)",
		ExistsAlready: "%s exists already, left alone",
		Stopping:      "stopping… (finished copies are kept; Ctrl-C again to quit at once)",
		Interrupted: func(d, t int) string {
			return fmt.Sprintf("interrupted: %d of %d photos done; run the same command again to finish (finished copies are kept)", d, t)
		},
	}
}

// plural says "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var (
	audienceEn = map[Audience]string{Public: "publicly", Friends: "with friends", Group: "in a group", Private: "privately"}
	audienceFr = map[Audience]string{Public: "en public", Friends: "avec vos amis", Group: "dans un groupe", Private: "en privé"}
	levelEn    = map[Level]string{Info: "nothing to worry about", Low: "low", Medium: "medium", High: "high", Critical: "very high"}
	levelFr    = map[Level]string{Info: "rien d'inquiétant", Low: "faible", Medium: "moyen", High: "élevé", Critical: "très élevé"}
)
