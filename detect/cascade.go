package detect

import _ "embed"

//go:generate sh -c "cp \"$(go list -m -f '{{.Dir}}' github.com/esimov/pigo)/cascade/facefinder\" cascade/facefinder && chmod 644 cascade/facefinder"

// facefinderCascade is pigo v1.4.6's cascade/facefinder, copied (see
// cascade/README.md).
//
//go:embed cascade/facefinder
var facefinderCascade []byte
