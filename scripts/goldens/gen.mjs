// Writes golden outputs of the original networks for detect's tests.
// Usage: node gen.mjs DETECT_DIR (see run.sh).
import * as tf from '@tensorflow/tfjs';
import * as faceapi from './faceapi.mjs';
import fs from 'fs';
import path from 'path';

const detect = process.argv[2];
await tf.setBackend('cpu');

async function weightMap(manifestFile) {
  const dir = path.dirname(manifestFile);
  let manifest = JSON.parse(fs.readFileSync(manifestFile));
  if (manifest.weightsManifest) manifest = manifest.weightsManifest;
  const specs = [];
  const bufs = [];
  for (const group of manifest) {
    for (const p of group.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
    specs.push(...group.weights);
  }
  const all = Buffer.concat(bufs);
  const ab = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.io.decodeWeights(ab, specs);
}

// graphModel loads one of human's graph models from detect/models (NAME.json
// and NAME.bin).
async function graphModel(name) {
  const json = JSON.parse(fs.readFileSync(path.join(detect, 'models', name + '.json')));
  const bin = fs.readFileSync(path.join(detect, 'models', name + '.bin'));
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
  }));
}

// Inputs are raw RGB files named NAME-WxH.rgb.
function inputs(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.rgb')).sort().map((f) => {
    const [w, h] = f.slice(f.lastIndexOf('-') + 1, -4).split('x').map(Number);
    const b = fs.readFileSync(path.join(dir, f));
    return { name: f, tensor: tf.tensor3d(Float32Array.from(b), [h, w, 3]) };
  });
}

// Age: face-api's whole path (pad to square, resize to 112, network).
{
  const dir = path.join(detect, 'testdata', 'TestAgeGolden');
  const net = faceapi.nets.ageGenderNet;
  net.loadFromWeightMap(await weightMap(path.join(detect, 'models', 'age_gender_model-weights_manifest.json')));
  const out = {};
  for (const { name, tensor } of inputs(dir)) {
    const r = await net.predictAgeAndGender(tensor);
    out[name] = r.age;
  }
  fs.writeFileSync(path.join(dir, 'golden.json'), JSON.stringify(out, null, 1) + '\n');
  console.log('age', out);
}

// Landmarks: face-api's detectLandmarks (pad to square, resize to 112, the
// 68-point network, points in the input's pixels).
{
  const dir = path.join(detect, 'testdata', 'TestLandmarkGolden');
  const net = faceapi.nets.faceLandmark68Net;
  net.loadFromWeightMap(await weightMap(path.join(detect, 'testdata', 'landmark68', 'face_landmark_68_model-weights_manifest.json')));
  const out = {};
  for (const { name, tensor } of inputs(dir)) {
    const lm = await net.detectLandmarks(tensor);
    out[name] = lm.positions.map((p) => [p.x, p.y]);
  }
  fs.writeFileSync(path.join(dir, 'golden.json'), JSON.stringify(out) + '\n');
  console.log('landmarks', Object.keys(out));
}

// SSD MobileNet V1: face-api's locateFaces (its anchors for 512x512, score
// above 0.3, its suppression); boxes relative [x, y, w, h].
{
  const dir = path.join(detect, 'testdata', 'TestSSDGolden');
  const net = faceapi.nets.ssdMobilenetv1;
  net.loadFromWeightMap(await weightMap(path.join(detect, 'models', 'ssd_mobilenetv1_model-weights_manifest.json')));
  const out = {};
  for (const { name, tensor } of inputs(dir)) {
    const dets = await net.locateFaces(tensor, { minConfidence: 0.3, maxResults: 100 });
    out[name] = dets.map((d) => ({ box: [d.relativeBox.x, d.relativeBox.y, d.relativeBox.width, d.relativeBox.height], score: d.score }));
  }
  fs.writeFileSync(path.join(dir, 'golden.json'), JSON.stringify(out, null, 1) + '\n');
  console.log('ssd', JSON.stringify(out));
}

// BlazeFace (human's back-camera model): the graph model run on 256x256
// inputs, outputs assembled and decoded as human's blazeface.ts does
// (anchors of generateAnchors, sigmoid scores, nonMaxSuppression); boxes
// relative [x, y, w, h], score above 0.2, IoU 0.3.
{
  const dir = path.join(detect, 'testdata', 'TestBlazeFaceGolden');
  const model = await graphModel('blazeface');
  const size = 256;
  const anchors = [];
  [[size / 16, 2], [size / 8, 6]].forEach(([stride, n]) => {
    const cells = Math.floor((size + stride - 1) / stride);
    for (let y = 0; y < cells; y++) for (let x = 0; x < cells; x++) for (let k = 0; k < n; k++) anchors.push([stride * (x + 0.5), stride * (y + 0.5)]);
  });
  const anchorsT = tf.tensor2d(anchors);
  const out = {};
  for (const { name, tensor } of inputs(dir)) {
    const x = tf.sub(tf.div(tensor.expandDims(0), 127.5), 1);
    const res = model.execute(x);
    const sorted = res.sort((a, b) => a.size - b.size);
    const concat384 = tf.concat([sorted[0], sorted[2]], 2);
    const concat512 = tf.concat([sorted[1], sorted[3]], 2);
    const batch = tf.squeeze(tf.concat([concat512, concat384], 1), [0]);
    const centers = tf.add(tf.slice(batch, [0, 1], [-1, 2]), anchorsT);
    const half = tf.div(tf.slice(batch, [0, 3], [-1, 2]), 2);
    const boxes = tf.concat2d([tf.sub(centers, half), tf.add(centers, half)], 1);
    const scores = tf.squeeze(tf.sigmoid(tf.slice(batch, [0, 0], [-1, 1])));
    const keep = await tf.image.nonMaxSuppressionAsync(boxes, scores, 100, 0.3, 0.2);
    const b = await boxes.array();
    const s = await scores.data();
    out[name] = Array.from(await keep.data()).map((i) => ({
      box: [b[i][0] / size, b[i][1] / size, (b[i][2] - b[i][0]) / size, (b[i][3] - b[i][1]) / size], score: s[i],
    }));
  }
  fs.writeFileSync(path.join(dir, 'golden.json'), JSON.stringify(out, null, 1) + '\n');
  console.log('blazeface', JSON.stringify(out));
}

// faceres (human's age network): the graph model run on 224x224 inputs of
// values 0 to 255, as human's faceres.ts feeds it; the 100 age bins and the
// age human decodes from them (unrounded).
{
  const dir = path.join(detect, 'testdata', 'TestFaceresGolden');
  const model = await graphModel('faceres');
  const out = {};
  for (const { name, tensor } of inputs(dir)) {
    const bins = Array.from(await model.execute(tensor.expandDims(0), 'age_pred/Softmax').data());
    let i = 0;
    for (let k = 1; k < bins.length; k++) if (bins[k] > bins[i]) i = k;
    const age = bins[i - 1] > bins[i + 1] ? i - 10 * bins[i - 1] : i + 10 * (bins[i + 1] || 0);
    out[name] = { age, bins };
  }
  fs.writeFileSync(path.join(dir, 'golden.json'), JSON.stringify(out, null, 1) + '\n');
  console.log('faceres', Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.age])));
}
