#!/usr/bin/env bash
# Copies the face networks sharesafe embeds from two pinned npm packages into
# detect/models/, with their licences, and prints their SHA-256 (which
# detect/models_test.go checks):
#   @vladmandic/face-api@1.7.15  age_gender_model (TinyXception age network),
#                                ssd_mobilenetv1_model (SSD MobileNet V1 faces);
#                                MIT, from justadudewhohacks/face-api.js (MIT),
#                                the SSD trained with the TensorFlow Object
#                                Detection API (Apache-2.0)
#   @vladmandic/human@3.3.6      blazeface (MediaPipe BlazeFace, back camera);
#                                MIT, MediaPipe's model Apache-2.0
# Needs npm and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @vladmandic/face-api@1.7.15 @vladmandic/human@3.3.6 >/dev/null)
for pkg in vladmandic-face-api-1.7.15 vladmandic-human-3.3.6; do
  mkdir "$tmp/$pkg"
  tar xzf "$tmp/$pkg.tgz" -C "$tmp/$pkg"
  sha256sum "$tmp/$pkg.tgz" | sed "s|$tmp/||"
done
out=detect/models
mkdir -p "$out"
fa="$tmp/vladmandic-face-api-1.7.15/package"
hu="$tmp/vladmandic-human-3.3.6/package"
cp "$fa/model/age_gender_model.bin" "$fa/model/age_gender_model-weights_manifest.json" "$out/"
cp "$fa/model/ssd_mobilenetv1_model.bin" "$fa/model/ssd_mobilenetv1_model-weights_manifest.json" "$out/"
cp "$hu/models/blazeface.bin" "$hu/models/blazeface.json" "$out/"
cp "$fa/LICENSE" "$out/LICENSE-face-api"
cp "$hu/LICENSE" "$out/LICENSE-human"
chmod 644 "$out"/*
(cd "$out" && sha256sum age_gender_model.bin age_gender_model-weights_manifest.json \
  ssd_mobilenetv1_model.bin ssd_mobilenetv1_model-weights_manifest.json blazeface.bin blazeface.json)
# face_landmark_68_model (face-api's 68-point landmarks, MIT) is not embedded:
# detect's recipe measurement alone reads it, from detect/testdata/landmark68.
lm=detect/testdata/landmark68
mkdir -p "$lm"
cp "$fa/model/face_landmark_68_model.bin" "$fa/model/face_landmark_68_model-weights_manifest.json" "$lm/"
cp "$fa/LICENSE" "$lm/LICENSE-face-api"
chmod 644 "$lm"/*
(cd "$lm" && sha256sum face_landmark_68_model.bin face_landmark_68_model-weights_manifest.json)
# faceres (human's HSE FaceRes age network, MobileNet V1 224x224, MIT) is not
# embedded either: the second age estimate the recipe measurement compares,
# read from detect/testdata/faceres.
fr=detect/testdata/faceres
mkdir -p "$fr"
cp "$hu/models/faceres.bin" "$hu/models/faceres.json" "$fr/"
cp "$hu/LICENSE" "$fr/LICENSE-human"
chmod 644 "$fr"/*
(cd "$fr" && sha256sum faceres.bin faceres.json)
