/** A later event of a stream arrived before an earlier one: retry with backoff until the gap fills. */
export class SequenceGapError extends Error {
  readonly code = 'SEQUENCE_GAP';
  constructor(streamId: string, expected: number, got: number) {
    super(`stream ${streamId}: expected sequence ${expected}, got ${got}`);
    this.name = 'SequenceGapError';
  }
}
