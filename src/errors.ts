/**
 * Errors a user can act on. Each carries a stable identifier (tests assert on it)
 * and context; the message says what to do. Never shown with a stack trace.
 */
export class UserError extends Error {
  constructor(
    readonly id: string,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
