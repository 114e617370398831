import { describe, expect, it } from 'vitest';
import { reportMode } from '../src/session.js';

// The progress bar and the epoch lines are @mfnet/train's (terminalProgress, tested there); the
// kit only chooses the mode from --json and the terminal.
const fakeStream = (isTTY: boolean) => ({ isTTY }) as unknown as NodeJS.WriteStream;

describe('epoch reports', () => {
  it('chooses the mode from --json and the terminal', () => {
    expect(reportMode(true, fakeStream(true))).toBe('json');
    expect(reportMode(false, fakeStream(true))).toBe('tty');
    expect(reportMode(false, fakeStream(false))).toBe('plain');
  });
});
