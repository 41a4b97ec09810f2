#!/usr/bin/env bash
# Copies YuNet, libfacedetection's face detector, into detect/models/ with its
# licence, and prints their SHA-256 (which detect/models_test.go checks):
#   ShiqiYu/libfacedetection.train at commit 0047ac24afb1a50a0c6105001c89d1b5b805dbf1
#   onnx/yunet_n_640_640.onnx and LICENSE (Apache-2.0)
# Only these two files are taken: the repository's data/ folder holds the
# WIDER FACE labels that part of the evaluation corpus was drawn from, and is
# never read. Needs git and access to the repository (REPO=path of a clone or
# bare mirror of it, or its public URL).
set -euo pipefail
cd "$(dirname "$0")/.."
commit=0047ac24afb1a50a0c6105001c89d1b5b805dbf1
repo=${REPO:-https://github.com/ShiqiYu/libfacedetection.train}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -d "$repo" ]; then
  git_dir=$repo
else
  git init -q --bare "$tmp/repo.git"
  git -C "$tmp/repo.git" fetch -q --depth 1 --filter=blob:none "$repo" "$commit"
  git_dir=$tmp/repo.git
fi
out=detect/models
mkdir -p "$out"
git --git-dir "$git_dir" show "$commit:onnx/yunet_n_640_640.onnx" > "$out/yunet_n_640_640.onnx"
git --git-dir "$git_dir" show "$commit:LICENSE" > "$out/LICENSE-libfacedetection"
chmod 644 "$out/yunet_n_640_640.onnx" "$out/LICENSE-libfacedetection"
(cd "$out" && sha256sum yunet_n_640_640.onnx LICENSE-libfacedetection)
