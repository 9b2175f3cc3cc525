/**
 * The keyword scoring thread (keyword-thread.ts, which bundles this file):
 * waits on the control word for a question, scores it with the same code as
 * the asking thread (`searchPart`), writes the hits into the shared answer
 * arrays and wakes the asker. It blocks in `Atomics.wait` between questions,
 * so it takes the asker's messages (arrays sent once, memory) with
 * `receiveMessageOnPort`, not events.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { searchPart } from './keyword.js';
import { ANSWERED, ASKED, FAILED, lookFor, readQuestion, RUNNING, STOP, type Attached, type QuestionMemory, type ThreadMessage } from './keyword-protocol.js';

const { control, port, spinMs } = workerData as { control: Int32Array; port: MessagePort; spinMs: number };
const attached = new Map<number, Attached>();
let memory: QuestionMemory | null = null;

/** Takes what the asker sent before setting the question's word: every message for it is there. */
function takeMessages(): void {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
    const message = m.message as ThreadMessage;
    if (message.kind === 'attach') attached.set(message.id, message.value);
    else if (message.kind === 'detach') attached.delete(message.id);
    else memory = message.memory;
  }
}

function answer(m: QuestionMemory): void {
  const q = readQuestion(m, attached);
  q.parts.forEach((part, p) => {
    const hits = searchPart(part, q.top);
    for (let i = 0, at = p * q.top; i < hits.length; i++, at++) {
      m.docs[at] = hits[i]!.doc;
      m.scores[at] = hits[i]!.score;
    }
    m.counts[p] = hits.length;
  });
}

let seen = 0;
Atomics.store(control, RUNNING, 1);
while (Atomics.load(control, STOP) === 0) {
  // Questions come back to back while a bot is busy: look for the next one a moment before sleeping.
  lookFor(control, ASKED, (v) => v !== seen, spinMs);
  Atomics.wait(control, ASKED, seen);
  const asked = Atomics.load(control, ASKED);
  if (asked === seen) continue;
  seen = asked;
  takeMessages();
  try {
    if (!memory) throw new Error('keyword thread: no question memory');
    answer(memory);
  } catch {
    Atomics.store(control, FAILED, asked);
  }
  Atomics.store(control, ANSWERED, asked);
  Atomics.notify(control, ANSWERED);
}
port.close();
