package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/sharesafe/sharesafe/words"
)

// TestPhotoErrorsInWords checks that the English words of photo's errors
// are the errors' own text (so English lines do not change), and that
// explain says them in French.
func TestPhotoErrorsInWords(t *testing.T) {
	for e, k := range photoErrors {
		if got := words.English.T(k); got != e.Error() {
			t.Errorf("English words %q, photo says %q", got, e.Error())
		}
		err := fmt.Errorf("photo: x.jpg: %w", e)
		o := &output{lang: words.French}
		if got := o.explain(err); !strings.HasPrefix(got, "x.jpg: ") || strings.Contains(got, e.Error()) || !strings.Contains(got, words.French.T(k)) {
			t.Errorf("French: %q", got)
		}
	}
}
