package advise

import "github.com/sharesafe/sharesafe/words"

// Service is somewhere a parent can report a photo or get help
// (ADVICE.md): each language's own list is in package words.
type Service = words.Service

// HelpServices returns where to get help in a language (English when
// unknown): the list shown with high and critical advice, and on the
// workshop handout.
func HelpServices(lang Lang) []Service { return lang.Services() }
