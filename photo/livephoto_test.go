package photo

import "testing"

func TestLivePairs(t *testing.T) {
	in := []Input{
		{Path: "A/IMG_0001.HEIC"}, {Path: "A/IMG_0001.MOV"}, // a Live Photo
		{Path: "A/IMG_0002.jpg"}, {Path: "A/img_0002.mov"}, // a JPEG export, names in other cases
		{Path: "B/IMG_0001.MOV"},                                                      // another folder: no still beside it
		{Path: "A/IMG_0003.HEIC"}, {Path: "A/IMG_0003.JPG"}, {Path: "A/IMG_0003.MOV"}, // the clip goes with the HEIC
		{Path: "A/IMG_0004.MOV"}, {Path: "A/IMG_0005.HEIC"}, // alone
		{Path: "A/IMG_0006.mp4"}, {Path: "A/IMG_0006.jpg"}, // an MP4 is not a Live Photo's clip
	}
	got := LivePairs(in)
	want := map[int]int{0: 1, 1: 0, 2: 3, 3: 2, 5: 7, 7: 5}
	if len(got) != len(want) {
		t.Fatalf("pairs %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s pairs with %d, want %s", in[k].Path, got[k], in[v].Path)
		}
	}
}
