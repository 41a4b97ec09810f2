#!/usr/bin/env bash
# Writes detect/testdata/Test*Golden/golden.json by running the original
# networks in Node with TensorFlow.js's pure-JS CPU backend (tfjs-node would
# download a native binary). Needs Node, npm and the npm registry; run it
# from anywhere, then go test ./detect.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/package.json" "$here/gen.mjs" "$tmp/"
(cd "$tmp" && npm install --silent --no-audit --no-fund --ignore-scripts >/dev/null)
# face-api's no-bundle build imports tfjs's dist/index.js files, which Node's
# ES module loader cannot resolve; point them at the packages themselves.
sed -e 's#"@tensorflow/tfjs/dist/index.js"#"@tensorflow/tfjs"#' \
    -e 's#"@tensorflow/tfjs-backend-wasm/dist/index.js"#"@tensorflow/tfjs-backend-wasm"#' \
    -e 's#"@tensorflow/tfjs-backend-webgl/dist/index.js"#"@tensorflow/tfjs-backend-webgl"#' \
    "$tmp/node_modules/@vladmandic/face-api/dist/face-api.esm-nobundle.js" > "$tmp/faceapi.mjs"
node "$tmp/gen.mjs" "$here/../../detect"
