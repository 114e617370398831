import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type Backend,
  checkedBackend,
  createBackend,
  listBackends,
  MfnetError,
} from '@mfnet/tensor';
import { createThreadedCpuBackend } from '@mfnet/tensor/node';
import { ACTIVATIONS, OPTIMIZERS, type OptimizerName } from './network.js';
import {
  helpText,
  type OptionSpecs,
  type OptionValues,
  parseOptions,
  UsageError,
} from './options.js';

/** The largest seed: the random generators keep 32 bits, so 2^32 would train as seed 0. */
export const MAX_SEED = 2 ** 32 - 1;
/** The widest hidden layer: 784 × 16384 float64 weights are 100 MB, already more than a laptop wants. */
export const MAX_HIDDEN = 16384;

/** The options both apps share; each app gives its own defaults. */
export function trainingOptions(defaults: {
  epochs: number;
  batchSize: number;
  hidden: readonly number[];
  optimizer: OptimizerName;
  out: string;
}) {
  return {
    epochs: { type: 'int', default: defaults.epochs, min: 1, help: 'passes over the training set' },
    batchSize: { type: 'int', default: defaults.batchSize, min: 1, help: 'samples per mini-batch' },
    lr: {
      type: 'optionalNumber',
      default: undefined,
      positive: true,
      defaultText: '0.1 for sgd and momentum, 0.001 for adam',
      help: 'learning rate',
    },
    optimizer: {
      type: 'choice',
      choices: OPTIMIZERS,
      default: defaults.optimizer,
      help: 'sgd, sgd with momentum 0.9, or adam',
    },
    hidden: {
      type: 'intList',
      default: defaults.hidden,
      min: 1,
      max: MAX_HIDDEN,
      help: `hidden layer sizes, each 1…${MAX_HIDDEN}`,
    },
    activation: {
      type: 'choice',
      choices: ACTIVATIONS,
      default: 'relu',
      help: 'activation of the hidden layers',
    },
    backend: { type: 'choice', choices: ['cpu', 'gpujs'], default: 'cpu', help: 'compute backend' },
    threads: {
      type: 'int',
      default: 1,
      min: 1,
      max: 2,
      help: 'cpu backend: 2 splits matrix products of M·N·K ≥ 8e6 (wider layers than the default) over two threads; same results with 1 or 2',
    },
    dtype: {
      type: 'choice',
      choices: ['auto', 'float64', 'float32'],
      default: 'auto',
      help: 'element type; auto is float64 (as the paper) where the backend has it, else float32',
    },
    seed: {
      type: 'int',
      default: 0,
      min: 0,
      max: MAX_SEED,
      rangeReason: 'a seed is an integer in [0, 2^32): the generators keep 32 bits',
      help: 'seed of the weights and of the batch order, an integer in [0, 2^32)',
    },
    maxGradNorm: {
      type: 'optionalNumber',
      default: undefined,
      positive: true,
      defaultText: 'no clipping',
      help: 'clip each gradient tensor (sgd) or the global gradient norm (adam) to this norm',
    },
    dataDir: {
      type: 'string',
      default: undefined,
      nonEmpty: true,
      help: 'read the dataset from this directory only',
    },
    download: {
      type: 'boolean',
      default: false,
      help: 'download the dataset when no local copy is found',
    },
    out: {
      type: 'string',
      default: defaults.out,
      nonEmpty: true,
      help: 'output directory: model, metrics, charts, checkpoint',
    },
    resume: {
      type: 'boolean',
      default: false,
      help: 'continue from the checkpoint in the output directory',
    },
    json: { type: 'boolean', default: false, help: 'print one JSON object per epoch' },
  } as const satisfies OptionSpecs;
}

export type TrainingConfig = OptionValues<ReturnType<typeof trainingOptions>>;

/** Paths on the command line are relative to where the user ran `pnpm …` (INIT_CWD), not the package. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/**
 * The backend called `name`. `gpujs` loads `@mfnet/tensor/gpujs` (and so gpu.js) only when asked
 * for; its engine is `auto` unless MFNET_GPUJS_ENGINE names one (cpu, webasm, headlessgl, …).
 */
export async function makeBackend(
  name: string,
  options: { threads?: number } = {},
): Promise<Backend> {
  if (name === 'gpujs' && !listBackends().includes(name)) {
    try {
      await import('@mfnet/tensor/gpujs');
    } catch (error) {
      throw new UsageError(
        `--backend gpujs: the gpu.js backend could not be loaded (${error instanceof Error ? error.message : String(error)}); ` +
          'install the optional peer dependency gpu.js next to @mfnet/tensor',
      );
    }
  }
  if (!listBackends().includes(name)) {
    throw new UsageError(
      `--backend ${name}: this build has the backends ${listBackends().join(', ')}`,
    );
  }
  if (name === 'cpu' && (options.threads ?? 1) > 1) {
    return checkedBackend(await createThreadedCpuBackend());
  }
  if (name !== 'gpujs') return createBackend(name);
  const engine = process.env.MFNET_GPUJS_ENGINE ?? 'auto';
  const backend = createBackend(name, { engine });
  process.stderr.write(
    `gpujs backend: engine ${(backend.raw as { engine?: string }).engine} (asked for ${engine})\n`,
  );
  return backend;
}

/** What the exit status of an app means, printed after `--help`. */
export const EXIT_STATUS_HELP =
  'Exit status: 0 done; 1 a bad file or environment (data, checkpoint, output directory in use or\n' +
  'not writable, training diverged); 2 a bad option.';

/** Versions of the runtime and of the mfnet packages, for metrics.json. */
export function versions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version };
  for (const name of ['tensor', 'layers', 'losses', 'optim', 'data']) {
    try {
      const url = import.meta.resolve(`@mfnet/${name}/package.json`);
      out[`@mfnet/${name}`] = (
        JSON.parse(readFileSync(new URL(url), 'utf8')) as { version: string }
      ).version;
    } catch {
      out[`@mfnet/${name}`] = 'unknown';
    }
  }
  return out;
}

/**
 * Runs a command-line program: options are parsed and checked before any work; `--help`
 * prints the help; an error is printed as one line, never as a stack trace. Exit status
 * (`EXIT_STATUS_HELP`): 0 done; 2 a bad option (a UsageError: unknown, malformed, out of range,
 * or at odds with the checkpoint being resumed), fixed by changing the command line; 1 a bad
 * file or environment (data, checkpoint, output directory, another run, divergence), fixed
 * outside the command line.
 */
export async function runCli<S extends OptionSpecs>(
  usage: string,
  specs: S,
  main: (options: OptionValues<S>) => Promise<unknown>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<number> {
  let options: OptionValues<S> & { help: boolean };
  try {
    options = parseOptions(specs, argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(`${helpText(usage, specs)}\n\n${EXIT_STATUS_HELP}\n`);
    return 0;
  }
  try {
    await main(options);
    return 0;
  } catch (error) {
    if (error instanceof MfnetError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error instanceof UsageError ? 2 : 1;
    }
    throw error;
  }
}
