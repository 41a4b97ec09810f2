package advise

// text is the wording of one risk in one language. {n}, {where} and
// {precision} are filled in by Assess.
type text struct {
	title, why, fix, source string
	// audience appends the sentence about who sees the photo.
	audience bool
}

var audienceNote = map[Lang]map[Audience]string{
	English: {
		Public:  "Shared publicly, anyone can see it, copy it and keep it, forever.",
		Friends: "Friends-only is not private: any of them can take a screenshot and pass it on.",
		Group:   "In a group, anyone can forward it outside the group.",
		Private: "",
	},
	French: {
		Public:  "En public, n'importe qui peut la voir, la copier et la garder, pour toujours.",
		Friends: "« Amis seulement » n'est pas privé : chacun peut faire une capture d'écran et la transmettre.",
		Group:   "Dans un groupe, chacun peut la transférer hors du groupe.",
		Private: "",
	},
}

const (
	srcGPS      = "GPS.gov, SPS Performance Standard (2020): a phone fix is typically accurate to about 5 m under open sky."
	srcCNIL     = "CNIL, 18 Dec 2023: metadata reveals where and when a photo was taken."
	srcESafety  = "eSafety Commissioner (Australia), reported by the Sydney Morning Herald, 29 Sep 2015: up to half of the material on some paedophile image-sharing sites came from social media and family blogs."
	srcIWF      = "Internet Watch Foundation, \"How AI is being abused to create child sexual abuse imagery\", Oct 2023: 20,254 AI-generated images posted in one month on one dark-web forum."
	srcTriangle = "Save the Children UK: a child's face, a place and a name together (the \"triangle of risk\")."
	srcNSPCC    = "NSPCC: anyone who can see a photo can screenshot and share it."
	srcLaw      = "France, law no. 2024-120 of 19 Feb 2024 (Civil Code art. 372-1): both parents protect their child's image together and involve the child."

	srcGPSfr      = "GPS.gov, SPS Performance Standard (2020) : un téléphone se localise en général à environ 5 m près à ciel ouvert."
	srcCNILfr     = "CNIL, 18 déc. 2023 : les métadonnées révèlent où et quand une photo a été prise."
	srcESafetyfr  = "eSafety Commissioner (Australie), rapporté par le Sydney Morning Herald, 29 sept. 2015 : jusqu'à la moitié des images de certains sites pédocriminels venaient des réseaux sociaux et des blogs de famille."
	srcIWFfr      = "Internet Watch Foundation, « How AI is being abused to create child sexual abuse imagery », oct. 2023 : 20 254 images générées par IA publiées en un mois sur un seul forum du dark web."
	srcTrianglefr = "Save the Children UK : le visage d'un enfant, un lieu et un nom ensemble (le « triangle du risque »)."
	srcNSPCCfr    = "NSPCC : toute personne qui voit une photo peut en faire une capture et la partager."
	srcLawfr      = "Loi n° 2024-120 du 19 février 2024 (Code civil, art. 372-1) : « Les parents protègent en commun le droit à l'image de leur enfant mineur » et l'y associent selon son âge et sa maturité."
)

var texts = map[Lang]map[string]text{
	English: {
		"gps-precise": {
			title:    "The photo says exactly where it was taken",
			why:      "The file holds the exact spot where it was taken: {place} ({where}). These coordinates are accurate to a few metres, enough to find a home, a school or a playground: they are the leak, far more than the town's name.",
			fix:      "sharesafe removes them from the safe copy. On your phone, you can also turn off location for the camera.",
			source:   srcGPS,
			audience: true,
		},
		"gps-coarse": {
			title:    "The photo says roughly where it was taken",
			why:      "The file holds a GPS position, {place} ({where}), accurate to about {precision} m: it tells the town or the neighbourhood.",
			fix:      "sharesafe removes it from the safe copy.",
			source:   srcCNIL,
			audience: true,
		},
		"time": {
			title: "The photo says when it was taken",
			why:   "The file records the date and time it was taken.",
			fix:   "sharesafe removes it. Posting later rather than live also helps.",
		},
		"time-routine": {
			title:  "Place and time together reveal a routine",
			why:    "The file says both where and when it was taken. A few photos like this can show where your child is at a given time of day, such as the school run.",
			fix:    "sharesafe removes both. Don't post in real time, and avoid posting the same places again and again.",
			source: srcCNIL,
		},
		"device-id": {
			title: "The photo carries a name or a serial number",
			why:   "The file holds an owner name or a serial number of the camera or phone. It links every photo you post to you, even on an account without your name.",
			fix:   "sharesafe removes them from the safe copy.",
		},
		"people-tags": {
			title:    "The photo names the people in it",
			why:      "The file stores names and marks where each person is. A name together with a face identifies your child.",
			fix:      "sharesafe removes the names and the marked regions.",
			audience: true,
		},
		"hidden-copy": {
			title: "The file hides another copy of the picture",
			why:   "Besides the photo you see, the file carries a smaller or extra copy of it (a thumbnail or extra images). Masks you add to the photo are not on that copy.",
			fix:   "sharesafe writes a new file without any hidden copy.",
		},
		"motion-video": {
			title:    "The file hides a short video, with sound",
			why:      "This is a \"motion photo\": a few seconds of video are stored after the picture. It can show faces, voices and places that the still photo does not.",
			fix:      "sharesafe removes the video from the safe copy. On your phone, you can turn off motion photos.",
			audience: true,
		},
		"faces": {
			title:    "{n} face(s) can be seen",
			why:      "A visible face can be recognised, searched for online, or reused.",
			fix:      "sharesafe masks every face by default.",
			source:   srcNSPCC,
			audience: true,
		},
		"children": {
			title:    "{n} face(s) look like a child's",
			why:      "Children's photos posted online are copied and reused: up to half of the images on some paedocriminal sites came from social media and family blogs, and today an ordinary photo can be turned into a fake one by AI.",
			fix:      "sharesafe masks the faces. Ask your child, if they are old enough, and the other parent before posting.",
			source:   srcESafety,
			audience: true,
		},
		"maybe-children": {
			title:    "{n} face(s) may be a child's",
			why:      "sharesafe cannot tell the age of these faces, so it treats them as children's. Children's photos posted online are copied and reused, and an ordinary photo can be turned into a fake one by AI.",
			fix:      "sharesafe masks the faces. Ask your child, if they are old enough, and the other parent before posting.",
			source:   srcIWF,
			audience: true,
		},
		"several-children": {
			title:    "Other families' children may be in the photo",
			why:      "{n} faces may be children's. Their parents have not chosen to share them.",
			fix:      "sharesafe masks them. If you want to show them, ask their parents first.",
			audience: true,
		},
		"triangle": {
			title:  "A child's face, a place and a name, all together",
			why:    "With a face, an exact place and a name, a stranger knows who your child is and where to find them.",
			fix:    "Share the safe copy only: sharesafe masks the faces and removes the place and names.",
			source: srcTriangle,
		},
		"hidden-faces": {
			title: "Masks alone would not be enough for this file",
			why:   "The faces you mask stay visible in the hidden copy or video inside the original file.",
			fix:   "Post only the safe copy that sharesafe writes, never the original.",
		},
		"unreadable": {
			title: "Some metadata could not be read",
			why:   "Part of the file's hidden information is damaged or unusual, so sharesafe cannot say what it holds.",
			fix:   "It is removed anyway from the safe copy.",
		},
		"check-yourself": {
			title:  "Check what sharesafe can't see",
			why:    "Look for a name tag, a school logo or uniform, a street sign, a house number or a car plate. A bath, beach or swimsuit photo of a child is best not posted at all.",
			fix:    "Add a mask over anything that gives a name or a place. If you aren't sure, share it privately.",
			source: srcLaw,
		},
	},
	French: {
		"gps-precise": {
			title:    "La photo dit exactement où elle a été prise",
			why:      "Le fichier contient l'endroit exact de la prise de vue : {place} ({where}). Ces coordonnées sont précises à quelques mètres, de quoi retrouver une maison, une école ou une aire de jeux : ce sont elles qui trahissent le lieu, bien plus que le nom de la ville.",
			fix:      "sharesafe les retire de la copie sûre. Sur votre téléphone, vous pouvez aussi désactiver la localisation de l'appareil photo.",
			source:   srcGPSfr,
			audience: true,
		},
		"gps-coarse": {
			title:    "La photo dit à peu près où elle a été prise",
			why:      "Le fichier contient une position GPS, {place} ({where}), précise à environ {precision} m : elle indique la ville ou le quartier.",
			fix:      "sharesafe la retire de la copie sûre.",
			source:   srcCNILfr,
			audience: true,
		},
		"time": {
			title: "La photo dit quand elle a été prise",
			why:   "Le fichier enregistre la date et l'heure de la prise de vue.",
			fix:   "sharesafe les retire. Publier plus tard plutôt qu'en direct aide aussi.",
		},
		"time-routine": {
			title:  "Le lieu et l'heure ensemble révèlent des habitudes",
			why:    "Le fichier dit où et quand la photo a été prise. Quelques photos comme celle-ci suffisent à savoir où se trouve votre enfant à une heure donnée, par exemple à la sortie de l'école.",
			fix:    "sharesafe retire les deux. Ne publiez pas en temps réel et évitez de montrer toujours les mêmes lieux.",
			source: srcCNILfr,
		},
		"device-id": {
			title: "La photo porte un nom ou un numéro de série",
			why:   "Le fichier contient le nom du propriétaire ou le numéro de série de l'appareil. Il relie à vous chaque photo publiée, même sur un compte sans votre nom.",
			fix:   "sharesafe les retire de la copie sûre.",
		},
		"people-tags": {
			title:    "La photo donne le nom des personnes",
			why:      "Le fichier enregistre des noms et la place de chaque personne sur l'image. Un nom avec un visage identifie votre enfant.",
			fix:      "sharesafe retire les noms et les zones marquées.",
			audience: true,
		},
		"hidden-copy": {
			title: "Le fichier cache une autre copie de l'image",
			why:   "En plus de la photo visible, le fichier contient une copie plus petite ou des images supplémentaires (vignette, images annexes). Les masques ajoutés à la photo ne sont pas sur cette copie.",
			fix:   "sharesafe écrit un nouveau fichier sans aucune copie cachée.",
		},
		"motion-video": {
			title:    "Le fichier cache une courte vidéo, avec le son",
			why:      "C'est une « photo animée » : quelques secondes de vidéo sont enregistrées après l'image. Elles peuvent montrer des visages, des voix et des lieux absents de la photo.",
			fix:      "sharesafe retire la vidéo de la copie sûre. Sur votre téléphone, vous pouvez désactiver les photos animées.",
			audience: true,
		},
		"faces": {
			title:    "{n} visage(s) visible(s)",
			why:      "Un visage visible peut être reconnu, recherché en ligne ou réutilisé.",
			fix:      "sharesafe masque tous les visages par défaut.",
			source:   srcNSPCCfr,
			audience: true,
		},
		"children": {
			title:    "{n} visage(s) d'enfant probable(s)",
			why:      "Les photos d'enfants publiées en ligne sont copiées et réutilisées : jusqu'à la moitié des images de certains sites pédocriminels venaient des réseaux sociaux et des blogs de famille, et une photo ordinaire peut aujourd'hui être truquée par une IA.",
			fix:      "sharesafe masque les visages. Demandez l'avis de votre enfant, s'il est en âge de le donner, et celui de l'autre parent avant de publier.",
			source:   srcESafetyfr,
			audience: true,
		},
		"maybe-children": {
			title:    "{n} visage(s), peut-être d'enfant",
			why:      "sharesafe ne sait pas dire l'âge de ces visages : il les traite comme des visages d'enfants. Les photos d'enfants publiées en ligne sont copiées et réutilisées, et une photo ordinaire peut être truquée par une IA.",
			fix:      "sharesafe masque les visages. Demandez l'avis de votre enfant, s'il est en âge de le donner, et celui de l'autre parent avant de publier.",
			source:   srcIWFfr,
			audience: true,
		},
		"several-children": {
			title:    "Des enfants d'autres familles sont peut-être sur la photo",
			why:      "{n} visages sont peut-être des visages d'enfants. Leurs parents n'ont pas choisi de les montrer.",
			fix:      "sharesafe les masque. Pour les montrer, demandez d'abord à leurs parents.",
			audience: true,
		},
		"triangle": {
			title:  "Le visage d'un enfant, un lieu et un nom, ensemble",
			why:    "Avec un visage, un lieu exact et un nom, un inconnu sait qui est votre enfant et où le trouver.",
			fix:    "Ne partagez que la copie sûre : sharesafe masque les visages et retire le lieu et les noms.",
			source: srcTrianglefr,
		},
		"hidden-faces": {
			title: "Masquer ne suffirait pas pour ce fichier",
			why:   "Les visages que vous masquez restent visibles dans la copie cachée ou la vidéo du fichier d'origine.",
			fix:   "Publiez seulement la copie sûre écrite par sharesafe, jamais l'original.",
		},
		"unreadable": {
			title: "Certaines métadonnées sont illisibles",
			why:   "Une partie des informations cachées du fichier est abîmée ou inhabituelle : sharesafe ne peut pas dire ce qu'elle contient.",
			fix:   "Elle est tout de même retirée de la copie sûre.",
		},
		"check-yourself": {
			title:  "Vérifiez ce que sharesafe ne voit pas",
			why:    "Cherchez un prénom sur un vêtement, un logo ou un uniforme d'école, une plaque de rue, un numéro de maison ou une plaque d'immatriculation. Une photo d'enfant au bain, à la plage ou en maillot est à garder pour vous.",
			fix:    "Ajoutez un masque sur tout ce qui donne un nom ou un lieu. Dans le doute, partagez-la en privé.",
			source: srcLawfr,
		},
	},
}
