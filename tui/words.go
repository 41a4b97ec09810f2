package tui

import "github.com/sharesafe/sharesafe/advise"

// ui holds the app's own words, in English and French.
type ui struct {
	title, checking, cannotRead, nothingFound, faces, location, hidden, risk           string
	browseHint, noPhotos, reviewFaces, noFaces, maskOn, maskOff, added, original       string
	masked, exportTitle, exportAsk, exportRunning, exportDone, exportFailed, pickTitle string
	exportExists                                                                       string
	audience                                                                           map[advise.Audience]string
	style                                                                              map[string]string
}

var words = map[advise.Lang]ui{
	advise.English: {
		title: "sharesafe · check your photos before you share them", checking: "checking…",
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
	},
	advise.French: {
		title: "sharesafe · vérifiez vos photos avant de les partager", checking: "vérification…",
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
	},
}
