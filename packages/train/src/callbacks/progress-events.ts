import type { History } from '../history.js';
import type { EpochRecord } from '../record.js';
import type { BatchEnd, Callback } from './callback.js';

/** The detail of a `batch` progress event. */
export interface BatchProgress extends BatchEnd {
  /** Batches per epoch. */
  batches: number;
  /** The epoch the run ends after. */
  epochs: number;
}

/**
 * Progress as DOM events, for a page: `batch` (detail: `BatchProgress`) after every step,
 * `epoch` (detail: the `EpochRecord`) after every epoch, `end` (detail: the `History`) at the
 * end. Listen on `target` (a new EventTarget unless one is given).
 *
 * @example
 * const progress = progressEvents();
 * progress.target.addEventListener('epoch', (e) => show((e as CustomEvent<EpochRecord>).detail));
 * await fit(net, { …, callbacks: [progress] });
 */
export function progressEvents(target: EventTarget = new EventTarget()): Callback & {
  readonly target: EventTarget;
} {
  const send = (type: string, detail: unknown) => {
    target.dispatchEvent(new CustomEvent(type, { detail }));
  };
  return {
    name: 'progressEvents',
    target,
    onBatchEnd(event, ctx) {
      send('batch', {
        ...event,
        batches: ctx.batchesPerEpoch,
        epochs: ctx.epochs,
      } satisfies BatchProgress);
    },
    onEpochEnd(record: EpochRecord) {
      send('epoch', record);
    },
    onTrainEnd(history: History) {
      send('end', history);
    },
  };
}
