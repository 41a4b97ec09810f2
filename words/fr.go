package words

// French is spoken with the typography of France: a space before : ; ? !
// and « » quotes.
const French Lang = "fr"

func init() {
	const (
		when      = "Date ou heure de la prise de vue : %s"
		iptc      = "Informations IPTC / Photoshop (légendes, mots-clés, noms)"
		unread    = "Des métadonnées illisibles (retirées quand même)"
		video     = "Une vidéo cachée dans le fichier (photo animée, %s)"
		extra     = "Des images supplémentaires cachées dans le fichier"
		device    = "Appareil photo ou téléphone : %s"
		serial    = "Numéro de série ou identifiant unique : %s"
		owner     = "Nom du propriétaire ou de l'auteur : %s"
		maker     = "Les données privées du fabricant de l'appareil (réglages, dates, numéros de série, parfois un aperçu)"
		keywords  = "Mots-clés, légendes ou description : %s"
		xmp       = "Informations XMP dans le fichier"
		afterData = "Des données cachées après l'image (%s)"
	)
	add(&catalogue{
		lang:   French,
		name:   "français",
		plural: func(n int) bool { return n > 1 },
		services: []Service{
			{"Pharos", "la plateforme du gouvernement pour signaler un contenu illicite en ligne", "internet-signalement.gouv.fr"},
			{"Point de Contact", "la ligne de signalement française du réseau INHOPE", "pointdecontact.net"},
			{"3018", "le numéro national pour les jeunes victimes de harcèlement ou de violences numériques (association e-Enfance), gratuit et anonyme", "3018.fr, appel ou tchat"},
			{"INHOPE", "les lignes de signalement d'une cinquantaine de pays", "inhope.org"},
		},
		text: map[Key]string{
			FindingComment:             "Un commentaire dans le fichier",
			FindingCommentSays:         "Un commentaire dans le fichier : %s",
			FindingText:                "Un champ de texte dans le fichier : %[2]s",
			FindingTextTime:            "Date ou heure de la prise de vue : %[2]s",
			FindingAppSegment:          maker,
			FindingOther:               "Autres métadonnées : %s",
			FindingIPTC:                iptc,
			FindingIPTCFields:          iptc,
			FindingIPTCTrailer:         iptc,
			FindingPhotoshop:           iptc,
			FindingPhotoshopFields:     iptc,
			FindingPhotoshopUnreadable: unread,
			FindingIPTCKeywords:        "Mots-clés, légendes ou description : %s %s",
			FindingIPTCKeyword:         "mot-clé",
			FindingIPTCCaption:         "légende",
			FindingIPTCDate:            when,
			FindingThumbnail:           "Une petite copie cachée de la photo (vignette), non masquée",
			FindingVideo:               video,
			FindingExtraPictures:       extra,
			FindingExtraPicturesMPF:    extra,
			FindingMPFIndex:            extra,
			FindingUnreadable:          unread,
			FindingGPSAt:               "Lieu : %s (%s)",
			FindingGPSBare:             "Lieu : %s",
			FindingGPSPrecise:          ", précis à environ %s",
			FindingGPSAltitude:         ", altitude enregistrée",
			FindingGPSInXMP:            " (inscrit dans le XMP)",
			FindingGPSEmpty:            "Une section GPS sans position utilisable",
			FindingTaken:               when,
			FindingChanged:             when,
			FindingGPSDate:             when,
			FindingGPSTime:             when,
			FindingDevice:              device,
			FindingMake:                device,
			FindingModel:               device,
			FindingBodySerial:          serial,
			FindingLensSerial:          serial,
			FindingImageID:             serial,
			FindingOwner:               owner,
			FindingArtist:              owner,
			FindingCopyright:           owner,
			FindingSoftware:            "Logiciel : %s",
			FindingKodak:               maker,
			FindingMakerNotes:          maker,
			FindingDescription:         keywords,
			FindingXMP:                 xmp,
			FindingXMPExtended:         xmp,
			FindingPeople:              "Noms des personnes sur la photo : %s",
			FindingXMPSerials:          serial,
			FindingFaceRegions:         "Zones marquées autour des visages (où se trouve chaque personne)",
			FindingXMPKeywords:         keywords,
			FindingXMPDate:             when,
			FindingPlaceNames:          "Noms de lieux écrits dans le fichier : %s",
			FindingMotionFlag:          "Marquée comme photo animée (une vidéo l'accompagne)",
			FindingTrailerVideo:        video,
			FindingTrailerSamsungVideo: video,
			FindingTrailerSamsung:      afterData,
			FindingTrailerPicture:      afterData,
			FindingTrailerUnknown:      afterData,

			SizeMB:      "%.1f Mo",
			SizeKB:      "%d Ko",
			SizeBytes:   "%d octets",
			PrecisionM:  "%.0f m",
			PrecisionKM: "%.0f km",

			FacesOne:       "%d visage trouvé",
			FacesMany:      "%d visages trouvés",
			RiskIf:         "Risque si vous la partagez %s : %s",
			HelpTitle:      "Où trouver de l'aide :",
			Colon:          " : ",
			Nothing:        "Rien de caché n'a été trouvé dans le fichier.",
			ScanSummary:    "%d photo(s) vérifiée(s) : %d révèlent un lieu, %d montrent des visages qui sont peut-être des enfants, %d cachent des copies.",
			PhotoSize:      "%d×%d, %s",
			WhatFileReveal: "Ce que le fichier révèle :",
			SkippedOne:     "%d autre fichier ignoré (pas une photo, caché ou lien).",
			SkippedMany:    "%d autres fichiers ignorés (pas des photos, cachés ou liens).",
			Failed:         "%d en échec (voir les messages ci-dessus).",
			WrittenOne:     "%d copie sûre écrite.",
			WrittenMany:    "%d copies sûres écrites.",
			Existed:        "%d déjà là, laissée(s) telle(s) quelle(s) (--overwrite pour les remplacer).",
			MaskedOne:      "%d visage masqué",
			MaskedMany:     "%d visages masqués",
			RemovedOne:     "%d information cachée retirée",
			RemovedMany:    "%d informations cachées retirées",
			NoPhotos:       "aucune photo trouvée dans %s",
			InPlaceDone:    "déjà nettoyée sur place (l'original est dans %s)",
			ExistsAlready:  "%s existe déjà : laissée telle quelle",
			Stopping:       "arrêt… (les copies terminées sont gardées ; Ctrl-C encore pour quitter tout de suite)",
			Interrupted:    "interrompu : %d photo(s) sur %d traitée(s) ; relancez la même commande pour finir (les copies terminées sont gardées)",

			AudiencePublic:  "en public",
			AudienceFriends: "avec vos amis",
			AudienceGroup:   "dans un groupe",
			AudiencePrivate: "en privé",

			LevelInfo:     "rien d'inquiétant",
			LevelLow:      "faible",
			LevelMedium:   "moyen",
			LevelHigh:     "élevé",
			LevelCritical: "très élevé",
			TagInfo:       "conseil",
			TagLow:        "faible",
			TagMedium:     "moyen",
			TagHigh:       "élevé",
			TagCritical:   "très élevé",
		},
	})
}
