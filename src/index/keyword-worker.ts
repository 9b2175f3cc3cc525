/**
 * The keyword scoring thread (keyword-thread.ts, which bundles this file): waits on the control word
 * for a question, scores it with the same code as the asking thread
 * (`searchPart`), writes the hits into the shared answer arrays and wakes the
 * asker. It blocks in `Atomics.wait` between questions, so it takes messages
 * with `receiveMessageOnPort`, not events.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { searchPart } from './keyword.js';
import { ANSWERED, ASKED, FAILED, STOP, type KeywordQuestion } from './keyword-protocol.js';

const { control, port, spinMs } = workerData as { control: Int32Array; port: MessagePort; spinMs: number };

function answer(q: KeywordQuestion): void {
  q.parts.forEach((part, p) => {
    const hits = searchPart(part, q.top);
    for (let i = 0, at = p * q.top; i < hits.length; i++, at++) {
      q.docs[at] = hits[i]!.doc;
      q.scores[at] = hits[i]!.score;
    }
    q.counts[p] = hits.length;
  });
}

let seen = 0;
while (Atomics.load(control, STOP) === 0) {
  // Questions come back to back while a bot is busy: look for the next one a moment before sleeping.
  const idle = performance.now();
  while (Atomics.load(control, ASKED) === seen && performance.now() - idle < spinMs);
  Atomics.wait(control, ASKED, seen);
  const asked = Atomics.load(control, ASKED);
  if (asked === seen) continue;
  // The message was posted before the word was set, so it is there; older ones were given up on.
  let q: KeywordQuestion | undefined;
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) q = m.message as KeywordQuestion;
  seen = asked;
  if (!q || q.seq !== asked) continue;
  try {
    answer(q);
  } catch {
    Atomics.store(control, FAILED, q.seq);
  }
  Atomics.store(control, ANSWERED, q.seq);
  Atomics.notify(control, ANSWERED);
}
port.close();
