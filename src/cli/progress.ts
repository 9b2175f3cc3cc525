import cliProgress from 'cli-progress';
import type { IndexProgressEvent } from '../types.js';
import type { ModelProgress } from '../model/embedder.js';

/**
 * Draws index progress on stderr: a bar on a terminal, a few plain lines
 * otherwise (logs, CI). Never writes to stdout, which carries results.
 */
export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): {
  onIndex: (e: IndexProgressEvent) => void;
  onModel: (p: ModelProgress) => void;
  stop: () => void;
} {
  const tty = Boolean(stream.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let barPhase = '';
  const line = (s: string) => stream.write(s + '\n');
  const startBar = (phase: string, total: number) => {
    bar?.stop();
    bar = new cliProgress.SingleBar(
      { stream, format: `${phase} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    barPhase = phase;
  };
  let lastModelLine = 0;
  return {
    onIndex(e) {
      switch (e.phase) {
        case 'scan':
          line(`corpus: ${e.files} file(s)`);
          break;
        case 'parse':
          if (tty) {
            if (barPhase !== 'parsing') startBar('parsing', e.total);
            bar!.update(e.done);
          } else if (e.done === e.total) line(`parsed ${e.total} file(s)`);
          break;
        case 'embed':
          if (e.total === 0) break;
          if (tty) {
            if (barPhase !== 'embedding') startBar('embedding', e.total);
            bar!.update(e.done);
          } else if (e.done === 0 || e.done === e.total) line(`embedding ${e.done}/${e.total} paragraph(s), ${e.reused} reused`);
          break;
        case 'write':
          bar?.stop();
          bar = null;
          barPhase = '';
          break;
        case 'warning':
          bar?.stop();
          bar = null;
          barPhase = '';
          line(`warning: ${e.file}: ${e.message}`);
          break;
        case 'done':
          bar?.stop();
          bar = null;
          line(`index ready: ${e.documents} document(s), ${e.paragraphs} paragraph(s), ${e.embedded + e.reused > 0 ? `${e.embedded} embedded, ${e.reused} reused` : 'keyword index only'}, ${(e.ms / 1000).toFixed(1)} s`);
          break;
      }
    },
    onModel(p) {
      const now = Date.now();
      if (now - lastModelLine < 1000 && p.loaded < p.total) return;
      lastModelLine = now;
      const pct = p.total ? ((100 * p.loaded) / p.total).toFixed(0) : '?';
      line(`downloading model file ${p.file}: ${pct}% of ${(p.total / 1e6).toFixed(1)} MB`);
    },
    stop() {
      bar?.stop();
    },
  };
}
