import { MfnetError } from '@mfnet/tensor';

/** A command-line option that cannot be accepted: unknown, missing a value, or invalid. */
export class UsageError extends MfnetError {}

interface Base<T> {
  help: string;
  default: T;
}
export type OptionSpec =
  | (Base<number> & {
      type: 'int' | 'number';
      min?: number;
      max?: number;
      positive?: boolean;
      /** Why the range is what it is, added to an out-of-range complaint. */
      rangeReason?: string;
    })
  | (Base<undefined> & { type: 'optionalNumber'; positive?: boolean; defaultText: string })
  | (Base<boolean> & { type: 'boolean' })
  | (Base<string | undefined> & { type: 'string'; nonEmpty?: boolean })
  | (Base<string> & { type: 'choice'; choices: readonly string[] })
  | (Base<readonly number[]> & { type: 'intList'; min?: number; max?: number });

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends { type: 'int' | 'number' }
  ? number
  : S extends { type: 'optionalNumber' }
    ? number | undefined
    : S extends { type: 'boolean' }
      ? boolean
      : S extends { type: 'intList' }
        ? number[]
        : S extends { type: 'choice'; choices: readonly (infer C)[] }
          ? C
          : S['default'] extends string
            ? string
            : string | undefined;
export type OptionValues<S extends OptionSpecs> = { -readonly [K in keyof S]: ValueOf<S[K]> };

/** `batchSize` → `--batch-size`. */
export function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function parseValue(key: string, spec: OptionSpec, raw: string): OptionSpec['default'] {
  const flag = flagName(key);
  const fail = (expected: string): never => {
    throw new UsageError(`${flag}: ${JSON.stringify(raw)} is not ${expected}`);
  };
  switch (spec.type) {
    case 'optionalNumber': {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) fail('a number');
      if (spec.positive === true && !(v > 0)) fail('greater than 0');
      return v;
    }
    case 'int':
    case 'number': {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) fail('a number');
      if (spec.type === 'int' && !Number.isInteger(v)) fail('an integer');
      // Past 2^53 a double cannot hold every integer: 2^53 + 1 would silently become 2^53.
      if (spec.type === 'int' && !Number.isSafeInteger(v)) fail('an integer below 2^53');
      if (spec.positive === true && !(v > 0)) fail('greater than 0');
      const why = spec.rangeReason === undefined ? '' : ` (${spec.rangeReason})`;
      if (spec.min !== undefined && v < spec.min) fail(`at least ${spec.min}${why}`);
      if (spec.max !== undefined && v > spec.max) fail(`at most ${spec.max}${why}`);
      return v;
    }
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      return fail('true or false');
    case 'string':
      if (spec.nonEmpty === true && raw.trim() === '') fail('a path (it is empty)');
      return raw;
    case 'choice':
      if (!spec.choices.includes(raw)) fail(`one of ${spec.choices.join(', ')}`);
      return raw;
    case 'intList': {
      const parts = raw.split(',').map((p) => p.trim());
      const values = parts.map(Number);
      if (parts.some((p) => p === '') || values.some((v) => !Number.isInteger(v))) {
        fail('a comma-separated list of integers');
      }
      if (spec.min !== undefined && values.some((v) => v < spec.min!)) {
        fail(`a list of integers of at least ${spec.min}`);
      }
      if (spec.max !== undefined && values.some((v) => v > spec.max!)) {
        fail(`a list of integers of at most ${spec.max}`);
      }
      return values;
    }
  }
}

function closest(flag: string, flags: string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0]!;
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = d[j]!;
        d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length]!;
  };
  const best = flags.map((f) => [f, distance(flag, f)] as const).sort((x, y) => x[1] - y[1])[0];
  return best !== undefined && best[1] <= 3 ? best[0] : undefined;
}

/**
 * Parses `--flag value`, `--flag=value`, `--flag` / `--no-flag` for booleans. Every value is
 * validated against its spec; anything unknown or invalid throws a UsageError before any work
 * starts. `--help` is reported as `help: true` for the caller to print `helpText`.
 */
export function parseOptions<S extends OptionSpecs>(
  specs: S,
  argv: readonly string[],
): OptionValues<S> & { help: boolean } {
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) values[key] = spec.default;
  let help = false;
  const byFlag = new Map(Object.keys(specs).map((k) => [flagName(k), k]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf('=');
    let flag = eq === -1 ? arg : arg.slice(0, eq);
    let inline = eq === -1 ? undefined : arg.slice(eq + 1);
    let key = byFlag.get(flag);
    if (key === undefined && flag.startsWith('--no-')) {
      const positive = byFlag.get(`--${flag.slice(5)}`);
      if (positive !== undefined && specs[positive]!.type === 'boolean' && inline === undefined) {
        key = positive;
        flag = `--${flag.slice(5)}`;
        inline = 'false';
      }
    }
    if (key === undefined) {
      const hint = closest(flag, [...byFlag.keys()]);
      throw new UsageError(
        `unknown option ${flag}${hint === undefined ? '' : ` (did you mean ${hint}?)`}; see --help`,
      );
    }
    const spec = specs[key]!;
    let raw = inline;
    if (raw === undefined) {
      if (spec.type === 'boolean') raw = 'true';
      else {
        raw = argv[++i];
        if (raw === undefined) throw new UsageError(`${flag} needs a value`);
      }
    }
    values[key] = parseValue(key, spec, raw);
  }
  return { ...(values as OptionValues<S>), help };
}

/** The `--help` text: usage, then every option with its help and its default. */
export function helpText(usage: string, specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([key, spec]) => {
    const flag = flagName(key);
    const arg =
      spec.type === 'boolean'
        ? ''
        : spec.type === 'choice'
          ? ` <${spec.choices.join('|')}>`
          : spec.type === 'intList'
            ? ' <n,n,…>'
            : spec.type === 'string'
              ? ' <text>'
              : ' <n>';
    const def =
      spec.type === 'optionalNumber'
        ? ` (default: ${spec.defaultText})`
        : spec.default === undefined
          ? ''
          : ` (default: ${formatDefault(spec.default)})`;
    return [`  ${flag}${arg}`, `${spec.help}${def}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return `${usage}\n\nOptions:\n${rows.map(([l, r]) => `${l.padEnd(width)}${r}`).join('\n')}\n  --help${' '.repeat(width - 8)}print this help`;
}

function formatDefault(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}
