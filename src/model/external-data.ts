import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';

// onnx-proto is CommonJS (`module.exports = $root`): Node exposes it only as a default export.
const { onnx } = onnxProto;

/**
 * ONNX "external data": a model's weights in a file beside the graph
 * (`model_quantized.onnx` + `model_quantized.onnx_data`) instead of inside it.
 * onnxruntime maps such a file into memory instead of copying the weights onto
 * its heap: the weights become file-backed pages, shared by every process that
 * loads the model and reclaimable, and rows of the word-embedding table that no
 * text uses are never read. Measured on multilingual-e5-small's shapes (int8,
 * 112 MB): 150 MiB of resident memory with the weights inside the graph, 33 MiB
 * with them beside it (bench/RESULTS.md).
 */

/** Tensors under this size stay in the graph, as onnx's own `save_model` leaves them. */
const MIN_EXTERNAL_BYTES = 1024;
/** Tensors of at least ALIGN_FROM bytes start at a multiple of 64 KiB (the mapping granularity onnx aligns to). */
const ALIGN = 64 * 1024;
const ALIGN_FROM = 1024 * 1024;

/** Where the weights of `modelFile` go. */
export function externalDataFile(modelFile: string): string {
  return `${modelFile}_data`;
}

/** Whether the model file carries its weights inside (onnxruntime copies them onto its heap). */
export function hasInlineWeights(modelFile: string): boolean {
  return existsSync(modelFile) && !existsSync(externalDataFile(modelFile));
}

/**
 * Moves the weights of an ONNX model into `<file>_data` and rewrites the graph
 * to point at them; the model computes the same. Safe to interrupt: the data
 * file is in place before the graph that names it replaces the old one (were
 * the process stopped between the two renames, the old graph still works, with
 * its weights inside).
 * Returns the bytes moved.
 */
export function moveWeightsToExternalData(modelFile: string): number {
  const model = onnx.ModelProto.decode(readFileSync(modelFile));
  const dataFile = externalDataFile(modelFile);
  const tmpData = `${dataFile}.tmp-${process.pid}`;
  const tmpModel = `${modelFile}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmpData, 'w');
    let bytes: number;
    try {
      bytes = writeWeights(fd, model, path.basename(dataFile));
    } finally {
      closeSync(fd);
    }
    writeFileSync(tmpModel, onnx.ModelProto.encode(model).finish());
    renameSync(tmpData, dataFile);
    renameSync(tmpModel, modelFile);
    return bytes;
  } catch (error) {
    rmSync(tmpData, { force: true });
    rmSync(tmpModel, { force: true });
    throw error;
  }
}

/** Writes the model's large initializers to `fd` and points them there (`location` names the file). Returns the bytes written. */
function writeWeights(fd: number, model: Onnx.ModelProto, location: string): number {
  let offset = 0;
  for (const tensor of model.graph?.initializer ?? []) {
    const raw = tensor.rawData;
    if (!raw || raw.length < MIN_EXTERNAL_BYTES) continue;
    const pad = raw.length >= ALIGN_FROM ? (ALIGN - (offset % ALIGN)) % ALIGN : 0;
    if (pad) writeSync(fd, new Uint8Array(pad));
    offset += pad;
    writeSync(fd, raw);
    tensor.externalData = [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.length) },
    ];
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    tensor.rawData = null;
    offset += raw.length;
  }
  return offset;
}
