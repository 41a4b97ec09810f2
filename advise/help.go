package advise

// Service is somewhere a parent can report a photo or get help
// (../shared/ADVICE.md).
type Service struct {
	Name  string `json:"name"`
	What  string `json:"what"`
	Where string `json:"where"`
}

// services are shown at the end of high and critical assessments: the
// French ones in French, the international ones in English.
var services = map[Lang][]Service{
	English: {
		{"NCMEC CyberTipline and Take It Down (US)", "report the sexual exploitation of a child; Take It Down helps remove nude or sexual images of minors by their hashes, without sending the images", "report.cybertip.org, takeitdown.ncmec.org"},
		{"Internet Watch Foundation and Childline's Report Remove (UK)", "report child sexual abuse images; young people can ask for their own images to be removed", "iwf.org.uk, childline.org.uk"},
		{"INHOPE", "the list of reporting hotlines of about 50 countries", "inhope.org"},
	},
	French: {
		{"Pharos", "la plateforme du gouvernement pour signaler un contenu illicite en ligne", "internet-signalement.gouv.fr"},
		{"Point de Contact", "la ligne de signalement française du réseau INHOPE", "pointdecontact.net"},
		{"3018", "le numéro national pour les jeunes victimes de harcèlement ou de violences numériques (association e-Enfance), gratuit et anonyme", "3018.fr, appel ou tchat"},
		{"INHOPE", "les lignes de signalement d'une cinquantaine de pays", "inhope.org"},
	},
}

// HelpServices returns where to get help in a language (English when
// unknown): the list shown with high and critical advice, and on the
// workshop handout.
func HelpServices(lang Lang) []Service {
	if s, ok := services[lang]; ok {
		return s
	}
	return services[English]
}
