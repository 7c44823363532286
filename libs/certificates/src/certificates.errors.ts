import { DomainError, UnprocessableError } from '@app/core';

/** The view model cannot become a certificate; `details.problems` names every reason. */
export class InvalidCertificateError extends UnprocessableError {
  constructor(readonly problems: string[]) {
    super('invalid_certificate', `The certificate data is invalid: ${problems.join('; ')}`, { problems });
  }
}

/**
 * The renderer could not produce the PDF this time (browser crashed, disconnected, timed out or is
 * shutting down). Transient by nature: retry the render; the next attempt starts a fresh browser if needed.
 */
export class RendererUnavailableError extends DomainError {
  readonly retryable = true;

  constructor(code: 'renderer_timeout' | 'renderer_crashed' | 'renderer_failed' | 'renderer_closed', message: string, options?: { cause?: unknown }) {
    super('unavailable', code, message);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The configured signing key cannot be used (missing file, wrong password, no key or certificate inside). */
export class SigningKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeyError';
  }
}
