/** An AWS error answer: HTTP status, the error type (`__type`) and AWS's message. */
export class AwsFault extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** The faults tests inject most, worded as AWS words them. */
export const AWS_FAULTS = {
  throttling: () => new AwsFault(400, 'ThrottlingException', 'Rate exceeded'),
  internal: () => new AwsFault(500, 'InternalFailure', 'An internal error occurred.'),
} as const;
