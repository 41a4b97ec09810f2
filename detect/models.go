package detect

import (
	"embed"
	"fmt"

	"github.com/sharesafe/sharesafe/internal/nn"
)

// models holds the face networks copied by scripts/fetch-models.sh (see
// models/README.md for their sources and licences).
//
//go:embed models/*.bin models/*.json models/*.onnx
var models embed.FS

// loadModel reads an embedded TensorFlow.js model by its manifest name.
func loadModel(manifest string) (nn.Weights, error) {
	m, err := models.ReadFile("models/" + manifest)
	if err != nil {
		return nil, fmt.Errorf("detect: model %s: %w", manifest, err)
	}
	w, err := nn.LoadTFJS(m, func(name string) ([]byte, error) { return models.ReadFile("models/" + name) })
	if err != nil {
		return nil, fmt.Errorf("detect: model %s: %w", manifest, err)
	}
	return w, nil
}
