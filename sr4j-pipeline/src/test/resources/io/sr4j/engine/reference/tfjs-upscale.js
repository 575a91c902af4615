// Runs an UpscalerJS model the way the model was made to run: TensorFlow.js layers (pure-JS CPU
// backend) with the model package's own definition (its custom layers and value ranges).
//
//   node tfjs-upscale.js MODEL_JSON DEFINITION_JS INPUT_F32 HEIGHT WIDTH OUTPUT_F32
//
// MODEL_JSON    the model.json (its weight shards beside it)
// DEFINITION_JS the package's CommonJS model definition, e.g.
//               package/dist/cjs/models/esrgan-thick/src/x8/cjs.js: { setup(tf)?, inputRange, outputRange }
// INPUT_F32     HEIGHT x WIDTH x 3 little-endian float32 pixels in 0..255 (RGB, row-major)
// OUTPUT_F32    written: the upscaled image, same layout, 0..255, clipped to the model's output range
//
// Prints, as its last line, one JSON object {"height":H,"width":W,"seconds":S}. Needs NODE_PATH to hold
// @tensorflow/tfjs-core, -layers and -backend-cpu (scripts/install-reference-programs.sh).
'use strict';
const fs = require('fs');
const path = require('path');
const core = require('@tensorflow/tfjs-core');
const tfl = require('@tensorflow/tfjs-layers');
require('@tensorflow/tfjs-backend-cpu');

// The slice of the @tensorflow/tfjs namespace that UpscalerJS's setup(tf) uses.
const tf = Object.assign({}, core, { layers: tfl.layers, loadLayersModel: tfl.loadLayersModel });

function readModel(modelJson) {
  const json = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
  const dir = path.dirname(modelJson);
  const weightSpecs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      buffers.push(fs.readFileSync(path.join(dir, p)));
    }
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData });
}

async function main() {
  const [modelJson, definitionJs, inputFile, h, w, outputFile] = process.argv.slice(2);
  const height = Number(h);
  const width = Number(w);
  await tf.setBackend('cpu');
  const definition = require(path.resolve(definitionJs));
  if (typeof definition.setup === 'function') {
    definition.setup(tf);
  }
  const model = await tfl.loadLayersModel(readModel(modelJson));
  const raw = fs.readFileSync(inputFile);
  const pixels = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (pixels.length !== height * width * 3) {
    throw new Error(`${inputFile}: ${pixels.length} values, expected ${height}x${width}x3`);
  }
  const [inMin, inMax] = definition.inputRange || [0, 255];
  const [outMin, outMax] = definition.outputRange || [0, 255];
  const started = process.hrtime.bigint();
  const result = tf.tidy(() => {
    // UpscalerJS's own scaling: pixels 0..255 to the model's input range and back.
    const x = tf.mul(tf.tensor4d(pixels, [1, height, width, 3]), inMax / 255);
    const y = tf.mul(tf.clipByValue(model.predict(x), outMin, outMax), 255 / outMax);
    return tf.squeeze(y, [0]);
  });
  const out = await result.data();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.writeFileSync(outputFile, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  console.log(JSON.stringify({ height: result.shape[0], width: result.shape[1], seconds }));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
