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
