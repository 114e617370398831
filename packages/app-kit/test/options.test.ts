import { describe, expect, it } from 'vitest';
import { trainingOptions } from '../src/app.js';
import { flagName, helpText, parseOptions, UsageError } from '../src/options.js';

const specs = {
  epochs: { type: 'int', default: 10, min: 1, help: 'passes over the data' },
  lr: { type: 'number', default: 0.1, positive: true, help: 'learning rate' },
  optimizer: {
    type: 'choice',
    choices: ['sgd', 'momentum', 'adam'],
    default: 'sgd',
    help: 'optimizer',
  },
  hidden: { type: 'intList', default: [128, 64], min: 1, help: 'hidden sizes' },
  dataDir: { type: 'string', default: undefined, help: 'data directory' },
  json: { type: 'boolean', default: false, help: 'JSON lines' },
} as const;

describe('parseOptions', () => {
  it('gives the defaults with no arguments', () => {
    const v = parseOptions(specs, []);
    expect(v).toEqual({
      epochs: 10,
      lr: 0.1,
      optimizer: 'sgd',
      hidden: [128, 64],
      dataDir: undefined,
      json: false,
      help: false,
    });
  });

  it('parses both --flag value and --flag=value, kebab-case flags, booleans and lists', () => {
    const v = parseOptions(specs, [
      '--epochs',
      '3',
      '--lr=0.01',
      '--optimizer',
      'adam',
      '--hidden',
      '32,16,8',
      '--data-dir',
      '/d',
      '--json',
    ]);
    expect(v).toMatchObject({
      epochs: 3,
      lr: 0.01,
      optimizer: 'adam',
      hidden: [32, 16, 8],
      dataDir: '/d',
      json: true,
    });
    expect(parseOptions(specs, ['--json', '--no-json']).json).toBe(false);
    expect(parseOptions(specs, ['--help']).help).toBe(true);
  });

  it.each([
    [['--epoch', '3'], /unknown option --epoch \(did you mean --epochs\?\)/],
    [['--epochs', '2.5'], /--epochs: "2.5" is not an integer/],
    [['--epochs', '0'], /--epochs: "0" is not at least 1/],
    [['--lr', '-1'], /--lr: "-1" is not greater than 0/],
    [['--lr', 'fast'], /--lr: "fast" is not a number/],
    [['--optimizer', 'rmsprop'], /--optimizer: "rmsprop" is not one of sgd, momentum, adam/],
    [['--hidden', '32,,8'], /--hidden: "32,,8" is not a comma-separated list of integers/],
    [['--hidden', '0'], /at least 1/],
    [['--epochs'], /--epochs needs a value/],
    [['stray'], /unexpected argument "stray"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseOptions(specs, argv)).toThrow(UsageError);
    expect(() => parseOptions(specs, argv)).toThrow(message);
  });
});

describe('helpText', () => {
  it('documents every option with its default', () => {
    const text = helpText('usage: x', specs);
    for (const key of Object.keys(specs)) expect(text).toContain(flagName(key));
    expect(text).toContain('(default: 10)');
    expect(text).toContain('(default: 128,64)');
    expect(text).toContain('<sgd|momentum|adam>');
  });
});

describe('the shared training options', () => {
  const shared = trainingOptions({
    epochs: 1,
    batchSize: 1,
    hidden: [4],
    optimizer: 'sgd',
    out: 'o',
  });
  const parse = (...argv: string[]) => parseOptions(shared, argv);
  it('takes seeds in [0, 2^32) and refuses the rest with the range named', () => {
    expect(parse('--seed', '4294967295').seed).toBe(4294967295);
    expect(() => parse('--seed', '4294967296')).toThrow(
      /--seed: "4294967296" is not at most 4294967295 \(a seed is an integer in \[0, 2\^32\)/,
    );
    expect(() => parse('--seed', '4294967297')).toThrow(UsageError);
    expect(() => parse('--seed', '9007199254740993')).toThrow(UsageError);
    expect(() => parse('--seed', '-1')).toThrow(/at least 0/);
  });
  it('refuses integers a double cannot hold exactly', () => {
    expect(() => parse('--epochs', '9007199254740993')).toThrow(/is not an integer below 2\^53/);
  });
  it('bounds --hidden sizes', () => {
    expect(() => parse('--hidden', '100000000')).toThrow(
      /--hidden: "100000000" is not a list of integers of at most 16384/,
    );
    expect(parse('--hidden', '16384').hidden).toEqual([16384]);
  });
  it('refuses an empty --out or --data-dir', () => {
    expect(() => parse('--out', '')).toThrow(/--out: "" is not a path \(it is empty\)/);
    expect(() => parse('--data-dir=')).toThrow(/--data-dir: "" is not a path/);
  });
});
