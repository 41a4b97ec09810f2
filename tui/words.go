package tui

import (
	"fmt"
	"math"

	"github.com/sharesafe/sharesafe/advise"
	"github.com/sharesafe/sharesafe/detect"
)

// ui holds the app's own words, in English and French.
type ui struct {
	title, checking, left, cannotRead, nothingFound, faces, location, hidden, risk              string
	browseHint, noPhotos, reviewFaces, noFaces, maskOn, maskOff, added, original                string
	masked, exportTitle, exportAsk, exportRunning, exportDone, exportFailed, pickTitle          string
	exportExists                                                                                string
	confirmOne, pickIn, missing, unchanged, rewritten, replaced, confirm, childrenDone, stopped string
	photoOne, photoMany, filterPrompt, filtered                                                 string
	child, unsure, adult, about, years                                                          string
	reasons                                                                                     map[string]string
	audience                                                                                    map[advise.Audience]string
	style                                                                                       map[string]string
}

var words = map[advise.Lang]ui{
	advise.English: {
		title: "sharesafe · check your photos before you share them", checking: "checking…", left: "%d left to check",
		cannotRead: "cannot read it", nothingFound: "nothing found", faces: "face(s)", location: "location",
		hidden: "hidden copies", risk: "risk", browseHint: "Pick a photo and press enter to review it.",
		noPhotos: "No photos here. Press o to open a folder.", reviewFaces: "Faces (tab to pick one):",
		noFaces: "No face found. Press n to add a mask by hand.", maskOn: "masked", maskOff: "NOT masked",
		added: "added by you", original: "ORIGINAL (press v to hide it again)", masked: "safe copy preview",
		exportTitle: "Save the safe copies", exportAsk: "Folder for the safe copies (originals are never changed):",
		exportRunning: "Writing the safe copies…", exportDone: "Done. Your safe copies are in", exportFailed: "could not be saved",
		exportExists: "is there already: left alone (remove it or choose another folder)",
		pickTitle:    "Open a folder: pick any photo in it (enter), or a folder (→ to go in, enter to choose it)",
		audience:     map[advise.Audience]string{advise.Public: "public (anyone)", advise.Friends: "friends", advise.Group: "family or class group", advise.Private: "private (one person)"},
		style:        map[string]string{"emoji": "emoji", "blur": "blur", "pixelate": "pixels", "solid": "solid"},
		pickIn:       "In:", missing: "not found:",
		unchanged: "unchanged since it was saved", rewritten: "saved again with your latest masks",
		replaced: "replaced (you said yes)",
		confirm:  "Replace %d safe copies made earlier? y/n", confirmOne: "Replace 1 safe copy made earlier? y/n",
		childrenDone: "Faces that are likely children or can't tell are masked; adults are left visible. The age is a guess from the face alone: about one child in eight under 10 looks adult to it, so some children's faces can still be missed. Look at every face.",
		stopped:      "Stopped: the photos not written yet were left out.",
		photoOne:     "photo", photoMany: "photos", filterPrompt: "Filter: ", filtered: "hidden by the filter",
		child: "likely a child", unsure: "can't tell", adult: "adult", about: "about %d", years: "",
		reasons: map[string]string{"small": "too small to judge", "turned": "turned away", "blurred": "blurred", "low_score": "faint detection", "no_keypoints": "eyes not found", "no_estimate": "no age estimate"},
	},
	advise.French: {
		title: "sharesafe · vérifiez vos photos avant de les partager", checking: "vérification…", left: "%d à vérifier",
		cannotRead: "illisible", nothingFound: "rien trouvé", faces: "visage(s)", location: "lieu",
		hidden: "copies cachées", risk: "risque", browseHint: "Choisissez une photo et appuyez sur Entrée pour la vérifier.",
		noPhotos: "Aucune photo ici. Appuyez sur o pour ouvrir un dossier.", reviewFaces: "Visages (Tab pour en choisir un) :",
		noFaces: "Aucun visage trouvé. Appuyez sur n pour ajouter un masque.", maskOn: "masqué", maskOff: "NON masqué",
		added: "ajouté par vous", original: "ORIGINAL (appuyez sur v pour le cacher)", masked: "aperçu de la copie sûre",
		exportTitle: "Enregistrer les copies sûres", exportAsk: "Dossier des copies sûres (les originaux ne sont jamais modifiés) :",
		exportRunning: "Écriture des copies sûres…", exportDone: "Terminé. Vos copies sûres sont dans", exportFailed: "n'a pas pu être enregistrée",
		exportExists: "existe déjà : laissé tel quel (supprimez-le ou choisissez un autre dossier)",
		pickTitle:    "Ouvrir un dossier : choisissez une photo (Entrée) ou un dossier (→ pour y entrer, Entrée pour le choisir)",
		audience:     map[advise.Audience]string{advise.Public: "public (tout le monde)", advise.Friends: "amis", advise.Group: "groupe de famille ou de classe", advise.Private: "privé (une personne)"},
		style:        map[string]string{"emoji": "émoji", "blur": "flou", "pixelate": "pixels", "solid": "uni"},
		pickIn:       "Dans :", missing: "introuvable :",
		unchanged: "inchangée depuis son enregistrement", rewritten: "enregistrée à nouveau avec vos derniers masques",
		replaced: "remplacée (vous avez dit oui)",
		confirm:  "Remplacer %d copies sûres faites avant ? o/n", confirmOne: "Remplacer 1 copie sûre faite avant ? o/n",
		childrenDone: "Les visages qui sont probablement des enfants ou incertains sont masqués ; les adultes restent visibles. L'âge est deviné d'après le visage seul : environ un enfant sur huit de moins de 10 ans lui paraît adulte, donc des visages d'enfants peuvent encore être manqués. Regardez chaque visage.",
		stopped:      "Arrêté : les photos pas encore écrites ont été laissées de côté.",
		photoOne:     "photo", photoMany: "photos", filterPrompt: "Filtrer : ", filtered: "cachées par le filtre",
		child: "probablement un enfant", unsure: "impossible à dire", adult: "adulte", about: "environ %d", years: " ans",
		reasons: map[string]string{"small": "trop petit pour juger", "turned": "de profil", "blurred": "flou", "low_score": "détection faible", "no_keypoints": "yeux introuvables", "no_estimate": "pas d'estimation d'âge"},
	},
}

// faceWords says what a face looks like: its label and age in words
// ("likely a child, about 6", "can't tell", "adult, about 35"), and why
// the guess is unsure when a reason is given (detect's stable reason keys:
// "small", "turned", "blurred", "low_score"; "" for none).
func faceWords(w ui, label string, age *float64, reason string) string {
	var s string
	switch label {
	case detect.LabelChild:
		s = w.child
	case detect.LabelAdult:
		s = w.adult
	default:
		s = w.unsure
	}
	if age != nil && label != detect.LabelUnsure {
		s += ", " + fmt.Sprintf(w.about, int(math.Round(*age))) + w.years
	}
	if reason != "" {
		r := w.reasons[reason]
		if r == "" {
			r = reason
		}
		s += " (" + r + ")"
	}
	return s
}
