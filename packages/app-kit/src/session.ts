import type { Backend, DType } from '@mfnet/tensor';
import { makeBackend, type TrainingConfig, userPath } from './app.js';

/** TTY: friendly lines with a progress bar; plain: the same lines, no escape codes; json: one object per line. */
export type ReportMode = 'tty' | 'plain' | 'json' | 'silent';

export function reportMode(json: boolean, stream: NodeJS.WriteStream = process.stdout): ReportMode {
  if (json) return 'json';
  return stream.isTTY === true ? 'tty' : 'plain';
}

/** Where and how an app run computes and reports. */
export interface Session {
  backend: Backend;
  dtype: DType;
  outDir: string;
  mode: ReportMode;
  /** Prints a line for a person (nothing in --json mode, whose stdout is one object per epoch). */
  log: (line: string) => void;
}

export async function openSession(
  config: Pick<TrainingConfig, 'backend' | 'threads' | 'dtype' | 'out' | 'json'>,
): Promise<Session> {
  const backend = await makeBackend(config.backend, { threads: config.threads });
  const dtype: DType =
    config.dtype === 'auto'
      ? backend.dtypes.includes('float64')
        ? 'float64'
        : 'float32'
      : config.dtype;
  const mode = reportMode(config.json);
  return {
    backend,
    dtype,
    outDir: userPath(config.out),
    mode,
    log: (line) => {
      if (mode !== 'json') process.stdout.write(`${line}\n`);
    },
  };
}
