package detect

// Models names the pinned sources of the embedded detectors and networks
// (copied by scripts/fetch-models.sh and scripts/fetch-yunet.sh, checked by
// SHA-256 in the tests), for `sharesafe --version`.
var Models = []string{
	"libfacedetection.train 0047ac2 (YuNet yunet_n_640_640.onnx)",
	"pigo v1.4.6 (facefinder cascade)",
	"@vladmandic/face-api 1.7.15 (SSD MobileNet V1, age network)",
	"@vladmandic/human 3.3.6 (BlazeFace, back camera)",
}
