package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/sharesafe/sharesafe/words"
)

// TestEveryHelpTextFollowsTheLanguage makes the command line in English
// and in French and checks that every command's short and long help and
// every flag's description differ: a text written in the code, in
// English, would be the same in both.
func TestEveryHelpTextFollowsTheLanguage(t *testing.T) {
	make := func(lang words.Lang) *cobra.Command {
		var b bytes.Buffer
		return newRootCmd(&streams{Out: &b, Err: &b, Getenv: func(string) string { return "" }}, &globalOptions{help: lang})
	}
	en, fr := make(words.English), make(words.French)
	var walk func(en, fr *cobra.Command)
	n := 0
	walk = func(en, fr *cobra.Command) {
		path := en.CommandPath()
		for _, c := range [][2]string{{en.Short, fr.Short}, {en.Long, fr.Long}, {en.Use, fr.Use}} {
			if c[0] != "" && c[0] == c[1] && c[0] != en.Name() {
				t.Errorf("%s: %q is the same in French", path, c[0])
			}
			n++
		}
		for _, fs := range []*pflag.FlagSet{en.Flags(), en.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				g := fr.Flags().Lookup(f.Name)
				if g == nil {
					g = fr.PersistentFlags().Lookup(f.Name)
				}
				if g == nil || g.Usage == f.Usage {
					t.Errorf("%s --%s: %q is the same in French", path, f.Name, f.Usage)
				}
				n++
			})
		}
		subs := fr.Commands()
		if len(subs) != len(en.Commands()) {
			t.Fatalf("%s: %d commands in English, %d in French", path, len(en.Commands()), len(subs))
		}
		for i, sub := range en.Commands() {
			walk(sub, subs[i])
		}
	}
	walk(en, fr)
	if n < 60 {
		t.Errorf("only %d texts compared", n)
	}
}

// TestHelpInTheLanguage: --help under --lang fr, LANG=fr_FR.UTF-8 or
// LC_ALL is French, cobra's own words too ("Usage:", "Flags:", "help
// for"); English is as cobra writes it.
func TestHelpInTheLanguage(t *testing.T) {
	french := []string{"Utilisation\u202f:", "Options\u202f:", "Options communes\u202f:", "aide de redact", "(par défaut\u202f: \"emoji\")",
		"quels visages masquer", "redact écrit une copie sûre de chaque photo", "sharesafe redact CHEMIN... -o DOSSIER [options]"}
	english := []string{"Usage:", "Flags:", "Global Flags:", "help for redact", "(default \"emoji\")",
		"which faces to mask", "redact writes a safe copy of each photo", "sharesafe redact PATH... -o DIR [flags]"}
	for _, c := range []struct {
		locale string
		args   []string
		want   []string
		not    []string
	}{
		{"en_GB.UTF-8", []string{"redact", "--help"}, english, french},
		{"en_GB.UTF-8", []string{"redact", "--help", "--lang", "fr"}, french, english},
		{"fr_FR.UTF-8", []string{"redact", "--help"}, french, english},
		{"fr_FR.UTF-8", []string{"help", "redact"}, french, english},
		{"fr_FR.UTF-8", []string{"redact", "-h", "--lang=en"}, english, french},
		{"fr_FR.UTF-8", []string{"--help"}, []string{"Commandes\u202f:", "«\u202fsharesafe [commande] --help\u202f» en dit plus", "Aide sur une commande",
			"version de sharesafe", "sharesafe [CHEMIN...] [options]", "langue des conseils\u202f: en ou fr"},
			[]string{"Available Commands:", "Use \"sharesafe", "Help about", "version for", "[flags]", "Flags:"}},
		{"fr_FR.UTF-8", []string{"completion", "bash", "--help"}, []string{"Écrit le script de complétion pour le shell bash", "sans les descriptions"},
			[]string{"Generate", "disable completion"}},
	} {
		stdout, stderr, code := sharesafeIn(t, c.locale, c.args...)
		if code != 0 || stderr != "" {
			t.Errorf("%s %v: exit %d, stderr %q", c.locale, c.args, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s %v lacks %q:\n%s", c.locale, c.args, w, stdout)
			}
		}
		for _, w := range c.not {
			if strings.Contains(stdout, w) {
				t.Errorf("%s %v says %q:\n%s", c.locale, c.args, w, stdout)
			}
		}
	}
	// The man page stays English (docs/languages.md).
	if stdout, _, _ := sharesafeIn(t, "fr_FR.UTF-8", "man"); !strings.Contains(stdout, "which faces to mask") || strings.Contains(stdout, "quels visages") {
		t.Errorf("the man page is not English under LANG=fr:\n%.400s", stdout)
	}
}

// TestUsageErrorsInTheLanguage: each usage error is one line on stderr,
// in the chosen language, exit 2, nothing on stdout (the script contract).
func TestUsageErrorsInTheLanguage(t *testing.T) {
	dir := t.TempDir()
	photos := filepath.Join(dir, "photos")
	os.Mkdir(photos, 0o755)
	for _, c := range []struct {
		args   []string
		en, fr string
	}{
		{[]string{"scan", "--nope", photos}, "unknown flag: --nope", "option inconnue\u202f: --nope"},
		{[]string{"scan", "-x", photos}, "unknown flag: -x", "option inconnue\u202f: -x"},
		{[]string{"scan", photos, "--audience"}, "flag needs an argument: --audience", "l'option --audience a besoin d'une valeur"},
		{[]string{"scan", "--jobs", "many", photos}, `invalid argument "many" for --jobs`, "valeur «\u202fmany\u202f» invalide pour --jobs"},
		{[]string{"scan", "--jobs", "0", photos}, "--jobs must be at least 1", "--jobs doit valoir au moins 1"},
		{[]string{"scan"}, "scan needs photos or folders: sharesafe scan PATH... (a photo or a folder of photos)",
			"scan a besoin de photos ou de dossiers\u202f: sharesafe scan CHEMIN... (une photo ou un dossier de photos)"},
		{[]string{"redact", photos, "-o", filepath.Join(dir, "safe"), "--faces", "kids"}, `unknown value "kids" for --faces (choose all, children or none)`,
			"valeur inconnue «\u202fkids\u202f» pour --faces (choisissez all, children ou none)"},
		{[]string{"redact", photos}, "redact needs an output folder: -o DIR (or --in-place to replace the originals)",
			"redact a besoin d'un dossier de sortie\u202f: -o DOSSIER (ou --in-place pour remplacer les originaux)"},
		{[]string{"redact", photos, "--in-place", "--rename"}, "--rename cannot be used with --in-place", "--rename ne va pas avec --in-place"},
		{[]string{"scan", "--audience", "everyone", photos}, `unknown value "everyone" for --audience (choose public, friends, group or private)`,
			"valeur inconnue «\u202feveryone\u202f» pour --audience (choisissez public, friends, group ou private)"},
		{[]string{"scan", "--detector", "slow", photos}, `unknown value "slow" for --detector (choose thorough or fast)`,
			"valeur inconnue «\u202fslow\u202f» pour --detector (choisissez thorough ou fast)"},
		{[]string{"demo", "extra"}, "sharesafe demo takes no arguments (got extra)", "sharesafe demo ne prend pas d'argument (reçu\u202f: extra)"},
		{[]string{"report", photos}, "report needs an output file: -o report.html (or --json)", "report a besoin d'un fichier de sortie\u202f: -o page.html (ou --json)"},
		{[]string{"scan", filepath.Join(dir, "gone")}, filepath.Join(dir, "gone") + ": no such file or folder", filepath.Join(dir, "gone") + "\u202f: fichier ou dossier introuvable"},
	} {
		for _, run := range []struct {
			locale string
			extra  []string
			want   string
		}{
			{"en_GB.UTF-8", nil, c.en},
			{"fr_FR.UTF-8", nil, c.fr},
			{"en_GB.UTF-8", []string{"--lang", "fr"}, c.fr},
			{"fr_FR.UTF-8", []string{"--lang=en"}, c.en},
		} {
			args := append(append([]string(nil), c.args...), run.extra...)
			if c.args[len(c.args)-1] == "--audience" { // the flag must stay last
				args = append(append([]string(nil), run.extra...), c.args...)
			}
			stdout, stderr, code := sharesafeIn(t, run.locale, args...)
			if code != exitUsage || stdout != "" || stderr != "sharesafe: "+run.want+"\n" {
				t.Errorf("%s %v: exit %d, stdout %q, stderr %q, want %q", run.locale, args, code, stdout, stderr, run.want)
			}
		}
	}
	// A language that does not exist is said in the environment's.
	if _, stderr, code := sharesafeIn(t, "fr_FR.UTF-8", "scan", "--lang", "xx", photos); code != exitUsage ||
		stderr != "sharesafe: valeur inconnue «\u202fxx\u202f» pour --lang (choisissez en ou fr)\n" {
		t.Errorf("--lang xx under LANG=fr: exit %d, %q", code, stderr)
	}
}

func TestHelpLang(t *testing.T) {
	env := func(lang string) func(string) string {
		return func(k string) string {
			if k == "LANG" {
				return lang
			}
			return ""
		}
	}
	for _, c := range []struct {
		args []string
		env  string
		want words.Lang
	}{
		{[]string{"scan", "x"}, "fr_FR.UTF-8", words.French},
		{[]string{"scan", "--lang", "en", "x"}, "fr_FR.UTF-8", words.English},
		{[]string{"--lang=fr", "scan"}, "C", words.French},
		{[]string{"--lang", "xx", "scan"}, "fr_FR.UTF-8", words.French},
		{[]string{"--lang", "fr", "--lang", "en"}, "", words.English},
		{[]string{"scan", "--", "--lang", "fr"}, "", words.English},
	} {
		if got := helpLang(c.args, env(c.env)); got != c.want {
			t.Errorf("%v LANG=%s: %s, want %s", c.args, c.env, got, c.want)
		}
	}
}
