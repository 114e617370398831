import { describe, expect, it } from 'vitest';
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
