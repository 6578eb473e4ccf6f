/**
 * A progress line on stderr for long work: shown only on a terminal and only once the work has
 * taken more than a second, redrawn in place, erased when done. Nothing at all otherwise, so
 * scripts and logs never see it.
 *
 * @module
 */

/** How long work runs before the line appears. */
const SHOW_AFTER_MS = 1000;
/** Redraw at most this often. */
const REDRAW_MS = 100;

/** A progress line; `set` is cheap to call often. */
export interface ProgressLine extends Disposable {
  /** What is happening now, e.g. `tiles` with 12 of 34 done (counts optional). */
  set(phase: string, done?: number, total?: number): void;
}

/**
 * Starts a progress line on `stderr` when it is a terminal, else a no-op one.
 *
 * @example
 * ```ts
 * import { progressLine } from "./_progress_line.ts";
 * // Draws after a second on a terminal; when stderr is not one (a pipe, a log) nothing is drawn.
 * using progress = progressLine(Deno.stderr, "qip image");
 * progress.set("tiles", 3, 34);
 * ```
 */
export function progressLine(
  stderr: { isTerminal(): boolean; writeSync(bytes: Uint8Array): number },
  label: string,
  options: { readonly nowMs?: () => number } = {},
): ProgressLine {
  const { nowMs = () => performance.now() } = options;
  if (!stderr.isTerminal()) return { set: () => {}, [Symbol.dispose]: () => {} };
  const encoder = new TextEncoder();
  const startedMs = nowMs();
  let text = "";
  let shown = false;
  let drawnMs = 0;
  let disposed = false;
  const draw = () => {
    if (disposed) return;
    const now = nowMs();
    if (now - startedMs < SHOW_AFTER_MS || now - drawnMs < REDRAW_MS) return;
    drawnMs = now;
    shown = true;
    stderr.writeSync(encoder.encode(`\r\x1b[K${label}: ${text}`));
  };
  const timer = setInterval(draw, REDRAW_MS);
  return {
    set(phase, done, total) {
      text = done === undefined || total === undefined
        ? `${phase}…`
        : `${phase} ${done}/${total} (${Math.floor((done / total) * 100)}%)`;
      draw();
    },
    [Symbol.dispose]() {
      clearInterval(timer);
      // Erase once: Ctrl-C erases early, and the scope's end disposes again.
      if (shown && !disposed) stderr.writeSync(encoder.encode("\r\x1b[K"));
      disposed = true;
    },
  };
}
