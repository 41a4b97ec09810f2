package photo

import (
	"path/filepath"
	"strings"
)

// LivePairs finds the Live Photos among inputs: a still (HEIC, HEIF or
// JPEG) and a QuickTime clip with the same name in the same folder
// (IMG_0001.HEIC and IMG_0001.MOV, in any case), as an iPhone exports
// them. It returns, for each input of a pair, the index of the other; an
// input in no pair is absent. Formats are told by the names' extensions
// (the files are not opened); a name that could belong to several pairs
// (IMG_1.HEIC, IMG_1.JPG and IMG_1.MOV) pairs the clip with the HEIC.
func LivePairs(inputs []Input) map[int]int {
	type key struct{ dir, base string }
	stills, clips := map[key]int{}, map[key]int{}
	for i, in := range inputs {
		ext := strings.ToLower(filepath.Ext(in.Path))
		k := key{filepath.Dir(in.Path), strings.ToLower(strings.TrimSuffix(filepath.Base(in.Path), filepath.Ext(in.Path)))}
		switch ext {
		case ".heic", ".heif":
			stills[k] = i // a HEIC wins over a JPEG of the same name
		case ".jpg", ".jpeg":
			if j, ok := stills[k]; !ok || !isHEICName(inputs[j].Path) {
				stills[k] = i
			}
		case ".mov":
			clips[k] = i
		}
	}
	out := map[int]int{}
	for k, s := range stills {
		if c, ok := clips[k]; ok {
			out[s], out[c] = c, s
		}
	}
	return out
}

func isHEICName(p string) bool {
	e := strings.ToLower(filepath.Ext(p))
	return e == ".heic" || e == ".heif"
}
