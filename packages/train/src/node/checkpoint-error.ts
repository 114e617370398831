import { MfnetError } from '@mfnet/tensor';

/** A checkpoint that cannot be resumed: unreadable, damaged, or made with other settings. */
export class CheckpointError extends MfnetError {
  constructor(
    message: string,
    /** The checkpoint file. */
    readonly file: string,
    /** The metadata field at fault, when one is. */
    readonly field?: string,
  ) {
    super(message);
  }
}
