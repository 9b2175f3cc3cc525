/**
 * Moves the weights of a model folder's ONNX files beside their graphs (ONNX
 * external data), so that onnxruntime maps them instead of copying them onto
 * its heap: about 100 MiB less memory for multilingual-e5-small's shapes, and
 * the pages are shared by every process that loads the model.
 *
 *   npm run model:external -- DIR
 *
 * A model the bot downloads itself is laid out this way on its own.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { hasInlineWeights, moveWeightsToExternalData } from '../src/model/external-data.js';

const dir = process.argv[2];
if (!dir || process.argv.length > 3 || dir === '--help' || dir === '-h') {
  console.error('Usage: npm run model:external -- DIR   (a model folder with onnx/model_quantized.onnx or onnx/model.onnx)');
  process.exit(2);
}
const files = ['model_quantized.onnx', 'model.onnx'].map((f) => path.join(dir, 'onnx', f)).filter((f) => existsSync(f));
if (!files.length) {
  console.error(`${dir} has no onnx/model_quantized.onnx or onnx/model.onnx: give the model folder (the one with config.json).`);
  process.exit(2);
}
for (const file of files) {
  if (!hasInlineWeights(file)) {
    console.log(`${file}: weights already beside it`);
    continue;
  }
  const bytes = moveWeightsToExternalData(file);
  console.log(`${file}: ${(bytes / 2 ** 20).toFixed(1)} MiB of weights moved to ${path.basename(file)}_data`);
}
