/**
 * What the asking thread and the keyword scoring thread share
 * (keyword-thread.ts, keyword-worker.ts). Arrays the scoring reads (a
 * segment's postings, length norms, id maps) are sent to the thread once, as
 * they are first used, under a number, and let go when the asker lets go of
 * them; a question is then only numbers, written into shared memory: no
 * message and nothing to collect per question.
 */
import type { FieldPostings, PartPlan } from './keyword.js';

/**
 * Indices of the control words: the last question asked, the last answered, a stop request, the last that
 * failed, and 1 once the thread runs (read without an event-loop turn, which a busy asker may not take).
 */
export const ASKED = 0;
export const ANSWERED = 1;
export const STOP = 2;
export const FAILED = 3;
export const RUNNING = 4;
export const CONTROL_WORDS = 5;

/**
 * Looks at a control word until `found` accepts it or about `ms` have passed; whether it was found. The clock
 * is read every 1,024 looks: read at each, its numbers filled the young heap and the thread spent
 * milliseconds collecting them.
 */
export function lookFor(control: Int32Array, word: number, found: (value: number) => boolean, ms: number): boolean {
  const start = performance.now();
  for (let looks = 1; ; looks++) {
    if (found(Atomics.load(control, word))) return true;
    if ((looks & 1023) === 0 && performance.now() - start >= ms) return false;
  }
}

/** Shared memory a question is written into and its answer read from. */
export interface QuestionMemory {
  /** seq, top, part count; per part: document count, id map's number (-1: none), deletions (0/1), field count; per field: postings' number, norms' number, term count, term ids. */
  request: Int32Array<ArrayBufferLike>;
  /** Each field's term weights, in the order of `request`. */
  weights: Float64Array<ArrayBufferLike>;
  /** Per part, `top` slots of document ids and scores, and how many were filled. */
  docs: Uint32Array<ArrayBufferLike>;
  scores: Float64Array<ArrayBufferLike>;
  counts: Int32Array<ArrayBufferLike>;
}

/** An array sent once: a field's postings, a field's length norms, or a segment's id map. */
export type Attached = FieldPostings | Float32Array<ArrayBufferLike> | Int32Array<ArrayBufferLike>;

export type ThreadMessage = { kind: 'attach'; id: number; value: Attached } | { kind: 'detach'; id: number } | { kind: 'memory'; memory: QuestionMemory };

/** How much of the `QuestionMemory` arrays a question needs: request and weights, answer slots, parts. */
export interface QuestionSize {
  request: number;
  weights: number;
  slots: number;
  parts: number;
}

export function questionSize(parts: readonly PartPlan[], top: number): QuestionSize {
  let request = 3;
  let weights = 0;
  for (const { plan } of parts) {
    request += 4;
    for (const f of plan.fields) {
      request += 3 + f.terms.length;
      weights += f.terms.length;
    }
  }
  return { request, weights, slots: parts.length * top, parts: parts.length };
}

/** Writes a question; `idOf` gives the number each array was sent under. */
export function writeQuestion(m: QuestionMemory, seq: number, top: number, parts: readonly PartPlan[], idOf: (a: Attached) => number): void {
  const r = m.request;
  let at = 0;
  let w = 0;
  r[at++] = seq;
  r[at++] = top;
  r[at++] = parts.length;
  for (const { plan, toGlobal, deletions } of parts) {
    r[at++] = plan.docCount;
    r[at++] = toGlobal ? idOf(toGlobal) : -1;
    r[at++] = deletions ? 1 : 0;
    r[at++] = plan.fields.length;
    for (const { postings, kn, terms, scales } of plan.fields) {
      r[at++] = idOf(postings);
      r[at++] = idOf(kn);
      r[at++] = terms.length;
      r.set(terms, at);
      at += terms.length;
      m.weights.set(scales, w);
      w += scales.length;
    }
  }
}

/** A question as `writeQuestion` wrote it, with the arrays `attached` holds under their numbers. */
export function readQuestion(m: QuestionMemory, attached: ReadonlyMap<number, Attached>): { seq: number; top: number; parts: PartPlan[] } {
  const r = m.request;
  const get = <T extends Attached>(id: number): T => {
    const value = attached.get(id);
    if (!value) throw new Error(`keyword thread: no array ${id}`);
    return value as T;
  };
  let at = 0;
  let w = 0;
  const seq = r[at++]!;
  const top = r[at++]!;
  const parts: PartPlan[] = [];
  for (let p = r[at++]!; p > 0; p--) {
    const docCount = r[at++]!;
    const mapId = r[at++]!;
    const deletions = r[at++] === 1;
    const fields: PartPlan['plan']['fields'] = [];
    for (let f = r[at++]!; f > 0; f--) {
      const postings = get<FieldPostings>(r[at++]!);
      const kn = get<Float32Array>(r[at++]!);
      const n = r[at++]!;
      fields.push({ postings, kn, terms: new Uint32Array(r.buffer, r.byteOffset + 4 * at, n), scales: new Float64Array(m.weights.buffer, m.weights.byteOffset + 8 * w, n) });
      at += n;
      w += n;
    }
    parts.push({ plan: { docCount, fields }, toGlobal: mapId < 0 ? null : get<Int32Array>(mapId), deletions });
  }
  return { seq, top, parts };
}
