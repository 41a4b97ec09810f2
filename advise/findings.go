package advise

import (
	"fmt"
	"strings"

	"github.com/sharesafe/sharesafe/detect"
)

// FindingLabel says what a finding is in the advice's language. English
// uses detect's own label; French is phrased here from the kind and value.
func FindingLabel(f detect.Finding, lang Lang) string {
	if lang != French {
		return f.Label
	}
	v := f.Value
	with := func(s string) string {
		if v == "" {
			return s
		}
		return s + " : " + v
	}
	switch f.Kind {
	case detect.KindGPS:
		s := "Lieu : " + placeName(&f, French) + " (" + f.Value + ")"
		if f.PrecisionM > 0 {
			s += fmt.Sprintf(", précis à environ %.0f m", f.PrecisionM)
		}
		return s
	case detect.KindTime:
		return with("Date ou heure de la prise de vue")
	case detect.KindDevice:
		return with("Appareil photo ou téléphone")
	case detect.KindSerial:
		return with("Numéro de série ou identifiant unique")
	case detect.KindOwner:
		return with("Nom du propriétaire ou de l'auteur")
	case detect.KindSoftware:
		return with("Logiciel")
	case detect.KindPeople:
		if v == "" {
			return "Zones marquées autour des visages (où se trouve chaque personne)"
		}
		return "Noms des personnes sur la photo : " + v
	case detect.KindXMP:
		return "Informations XMP dans le fichier"
	case detect.KindIPTC:
		return "Informations IPTC / Photoshop (légendes, mots-clés, noms)"
	case detect.KindThumbnail:
		return "Une petite copie cachée de la photo (vignette), non masquée"
	case detect.KindMPF:
		return "Des images supplémentaires cachées dans le fichier"
	case detect.KindMotionVideo:
		return fmt.Sprintf("Une vidéo cachée dans le fichier (photo animée, %s)", sizeFr(f.Bytes))
	case detect.KindTrailer:
		return fmt.Sprintf("Des données cachées après l'image (%s)", sizeFr(f.Bytes))
	case detect.KindComment:
		return with("Un commentaire dans le fichier")
	case detect.KindText:
		return with("Un champ de texte dans le fichier")
	case detect.KindMakerNotes:
		return "Les données privées du fabricant de l'appareil (réglages, dates, numéros de série, parfois un aperçu)"
	case detect.KindKeywords:
		v = strings.NewReplacer("keyword ", "mot-clé ", "caption ", "légende ").Replace(v)
		return with("Mots-clés, légendes ou description")
	case detect.KindUnreadable:
		return "Des métadonnées illisibles (retirées quand même)"
	case detect.KindPlaceNames:
		return with("Noms de lieux écrits dans le fichier")
	case detect.KindMotionFlag:
		return "Marquée comme photo animée (une vidéo l'accompagne)"
	}
	if f.Label == "A GPS section with no usable position" {
		return "Une section GPS sans position utilisable"
	}
	if o, ok := strings.CutPrefix(f.Label, "Other metadata: "); ok {
		return with("Autres métadonnées : " + o)
	}
	return with("Autres métadonnées (" + f.Label + ")")
}

func sizeFr(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f Mo", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d Ko", n>>10)
	}
	return fmt.Sprintf("%d octets", n)
}
