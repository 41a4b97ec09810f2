#!/usr/bin/python3
"""Writes detect/testdata/TestYuNetGolden/golden.json: what OpenCV's dnn module
(cv2.dnn.readNetFromONNX, Debian python3-opencv) computes with YuNet
(detect/models/yunet_n_640_640.onnx) for PNG inputs of the repository, each
placed at the top left of a black 640x640 canvas (no resizing, so that Go
and OpenCV see the same pixels). For every cell scoring more than 0.2
(cls * obj), and every 251st cell whatever its score, it keeps the raw
outputs and the decoded box and landmarks;
detect's TestYuNetGolden runs the Go port on the same canvases and compares.

usage: scripts/yunet-golden.py   (from anywhere; needs python3-opencv)"""
import json, os, sys
import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODEL = os.path.join(ROOT, "detect/models/yunet_n_640_640.onnx")
INPUTS = ["testdata/photos/astronaut.png", "cmd/sharesafe/samples/3-skatepark.png"]
SIZE, STRIDES, CUT = 640, (8, 16, 32), 0.2


def main():
    cv2.setNumThreads(1)
    net = cv2.dnn.readNetFromONNX(MODEL)
    names = [f"{k}_{s}" for s in STRIDES for k in ("cls", "obj", "bbox", "kps")]
    cases = []
    for rel in INPUTS:
        img = cv2.imread(os.path.join(ROOT, rel), cv2.IMREAD_COLOR)
        h, w = img.shape[:2]
        canvas = np.zeros((SIZE, SIZE, 3), np.uint8)
        canvas[:h, :w] = img
        net.setInput(cv2.dnn.blobFromImage(canvas))
        outs = dict(zip(names, net.forward(names)))
        cells = []
        for st in STRIDES:
            n = SIZE // st
            cls = outs[f"cls_{st}"].reshape(-1)
            obj = outs[f"obj_{st}"].reshape(-1)
            reg = outs[f"bbox_{st}"].reshape(-1, 4)
            kps = outs[f"kps_{st}"].reshape(-1, 10)
            score = np.clip(cls, 0, 1) * np.clip(obj, 0, 1)
            for k in sorted(set(np.nonzero(score > CUT)[0]) | set(range(0, n * n, 251))):
                r, c = divmod(int(k), n)
                cx, cy = (c + reg[k, 0]) * st, (r + reg[k, 1]) * st
                bw, bh = np.exp(reg[k, 2]) * st, np.exp(reg[k, 3]) * st
                lm = [[float((c + kps[k, 2 * j]) * st), float((r + kps[k, 2 * j + 1]) * st)] for j in range(5)]
                cells.append({
                    "stride": st, "index": int(k),
                    "cls": float(cls[k]), "obj": float(obj[k]), "score": float(score[k]),
                    "raw_box": [float(v) for v in reg[k]], "raw_kps": [float(v) for v in kps[k]],
                    "box": [float(cx - bw / 2), float(cy - bh / 2), float(bw), float(bh)], "landmarks": lm,
                })
        cases.append({"input": rel, "width": w, "height": h, "cells": cells})
    out = os.path.join(ROOT, "detect/testdata/TestYuNetGolden")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "golden.json"), "w") as f:
        # one cell a line
        f.write(json.dumps({"opencv": cv2.__version__, "size": SIZE, "cut": CUT, "cases": []})[:-2] + "\n")
        for i, c in enumerate(cases):
            cells = ",\n".join(json.dumps(x) for x in c["cells"])
            head = json.dumps({k: v for k, v in c.items() if k != "cells"})[:-1]
            f.write(head + ', "cells": [\n' + cells + "]}" + ("," if i + 1 < len(cases) else "") + "\n")
        f.write("]}\n")
    print(f"{sum(len(c['cells']) for c in cases)} cells written", file=sys.stderr)


if __name__ == "__main__":
    main()
