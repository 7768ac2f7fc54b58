import type { CallError } from '../../../src-shared/domain/errors';

/** A call the core answered with an error; kept apart from the client so it loads without a transport. */
export class ApiError extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
    this.name = 'ApiError';
  }
}
