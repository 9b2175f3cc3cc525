/** What the asking thread and the keyword scoring thread share (keyword-thread.ts, keyword-worker.ts). */
import type { PartPlan } from './keyword.js';

/** Indices of the control words: the last question asked, the last answered, a stop request, the last that failed. */
export const ASKED = 0;
export const ANSWERED = 1;
export const STOP = 2;
export const FAILED = 3;
export const CONTROL_WORDS = 4;

/** What the scoring thread is sent for one question. */
export interface KeywordQuestion {
  seq: number;
  parts: PartPlan[];
  top: number;
  /** Where the answers go: per part, `top` slots of document ids and scores, and how many were filled. */
  docs: Uint32Array<ArrayBufferLike>;
  scores: Float64Array<ArrayBufferLike>;
  counts: Int32Array<ArrayBufferLike>;
}
