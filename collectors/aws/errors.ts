/**
 * Errors an AWS collector can end with, each naming what the user must fix. Messages are
 * built from our own words plus the service's message, never from request objects, so
 * credentials cannot leak into output; access key IDs are scrubbed as a last guard.
 */

import { ConfigError, LambdalensError, type LambdalensErrorOptions } from '../kernel/index.ts';
import { type AwsSettingOrigins, unreachableHint } from './origins.ts';

/** Base of the AWS collector errors that are not configuration errors. */
export class AwsCollectorError extends LambdalensError {
  constructor(message: string, options: LambdalensErrorOptions = {}) {
    super(redactSecrets(message), options);
    this.name = 'AwsCollectorError';
  }
}

/** An AWS setting (flag, variable, or the shared config files) is wrong: exit 2, naming where it came from. */
export class AwsConfigError extends ConfigError {
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'AwsConfigError';
  }
}

/** What a profile that gave no credentials lacks, in words (see missing-credentials.ts). */
export interface CredentialsExplanation {
  message: string;
  hint: string;
}

/**
 * The credential chain found nothing (exit 2). With a profile in the files, the explanation
 * says which one and what it lacks; with none, where credentials may come from.
 */
export class MissingCredentialsError extends ConfigError {
  constructor(cause?: unknown, explanation?: CredentialsExplanation) {
    super(
      explanation?.message ??
        'No AWS credentials found. Set AWS_PROFILE or pass --profile, export AWS_ACCESS_KEY_ID and ' +
          'AWS_SECRET_ACCESS_KEY, or sign in with `aws sso login` / `aws configure`.',
      { cause, hint: explanation?.hint },
    );
    this.name = 'MissingCredentialsError';
  }
}

export class MissingRegionError extends ConfigError {
  constructor(cause?: unknown) {
    super('No AWS Region configured. Pass --region, set AWS_REGION, or set a region in your AWS profile.', {
      cause,
    });
    this.name = 'MissingRegionError';
  }
}

export class AccessDeniedError extends AwsCollectorError {
  /** The IAM action that was refused, e.g. `logs:FilterLogEvents`. */
  readonly action: string;
  readonly resource: string | undefined;
  constructor(action: string, resource: string | undefined, serviceMessage: string, cause?: unknown) {
    super(
      `Access denied: your AWS identity is not allowed ${action}${resource ? ` on ${resource}` : ''}. ` +
        `Add "${action}" to its IAM policy. (AWS said: ${serviceMessage})`,
      { cause },
    );
    this.name = 'AccessDeniedError';
    this.action = action;
    this.resource = resource;
  }
}

export class UnknownFunctionError extends AwsCollectorError {
  readonly functionName: string;
  constructor(functionName: string, region: string | undefined, cause?: unknown) {
    super(
      `Lambda function "${functionName}" not found${region ? ` in ${region}` : ''}. ` +
        'Check the name and the --region / --profile you are using.',
      { cause },
    );
    this.name = 'UnknownFunctionError';
    this.functionName = functionName;
  }
}

/**
 * A selection by name prefix or tags that no function in the Region matches, said in words:
 * `no Lambda function in us-east-1 has a name starting with "a-" or "b-" and the tags
 * team=alpha, env=prod` (prefixes and tags must both hold).
 */
export class NoFunctionMatchesError extends AwsCollectorError {
  constructor(prefixes: string[], tags: Record<string, string> | undefined, region: string | undefined) {
    const names =
      prefixes.length > 0 ? `a name starting with ${prefixes.map((p) => `"${p}"`).join(' or ')}` : '';
    const pairs = Object.entries(tags ?? {}).map(([k, v]) => `${k}=${v}`);
    const tagWords = pairs.length > 0 ? `the tag${pairs.length > 1 ? 's' : ''} ${pairs.join(', ')}` : '';
    super(
      `no Lambda function${region ? ` in ${region}` : ''} has ${[names, tagWords].filter(Boolean).join(' and ')}. ` +
        'Check the selection and the --region / --profile you are using.',
    );
    this.name = 'NoFunctionMatchesError';
  }
}

export class LogGroupNotFoundError extends AwsCollectorError {
  readonly logGroup: string;
  constructor(logGroup: string, cause?: unknown) {
    super(`Log group "${logGroup}" does not exist (has the function run yet?).`, { cause });
    this.name = 'LogGroupNotFoundError';
    this.logGroup = logGroup;
  }
}

/**
 * The service refused the run's keys themselves (unknown, mistyped, expired, for another
 * partition): nothing works until they change, which is a configuration error, exit 2, as a
 * profile that gives none or a role STS refuses. Names where the keys came from, never them.
 */
export class CredentialsRejectedError extends ConfigError {
  constructor(
    action: string,
    code: string,
    serviceMessage: string,
    source: string | undefined,
    cause?: unknown,
  ) {
    const whose = source ? `the credentials from ${source}` : "the run's credentials";
    super(redactSecrets(`AWS refused ${whose} for ${action}: ${code}: ${serviceMessage}`), {
      cause,
      hint: `check that ${whose} are current and belong to an account this endpoint knows (renew them if they expired)`,
    });
    this.name = 'CredentialsRejectedError';
  }
}

/** What a service answers when the keys themselves are wrong, not what they are allowed. */
const REJECTED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'AuthFailure',
]);

/** Whether an AWS error code says the keys themselves are wrong (see REJECTED_CREDENTIALS). */
export function isRejectedCredentialsCode(code: string): boolean {
  return REJECTED_CREDENTIALS.has(code);
}

export class ThrottledError extends AwsCollectorError {
  constructor(action: string, cause?: unknown) {
    super(`AWS throttled ${action} (rate exceeded).`, { cause, retryable: true });
    this.name = 'ThrottledError';
  }
}

/**
 * The endpoint cannot be reached at all: refused, unknown host, or no connection within the
 * connect timeout. Retrying the same address cannot help, so this fails at once and says
 * where to look.
 */
export class EndpointUnreachableError extends AwsCollectorError {
  constructor(action: string, detail: string, origins?: AwsSettingOrigins, cause?: unknown) {
    super(`cannot reach the AWS endpoint for ${action}: ${detail}`, {
      cause,
      hint: unreachableHint(action, origins),
    });
    this.name = 'EndpointUnreachableError';
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True when no connection could be made (not when one broke mid-call, which a retry may fix). */
export function isUnreachableError(err: unknown): boolean {
  const e = shape(err);
  if (UNREACHABLE_CODES.has(e.code ?? '')) return true;
  return e.name === 'TimeoutError' && /without establishing a connection/i.test(e.message ?? '');
}

const ACCESS_KEY_ID = /\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g;

/** Removes anything shaped like an AWS access key ID. */
export function redactSecrets(text: string): string {
  return text.replace(ACCESS_KEY_ID, '$1****');
}

interface ServiceErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  code?: string;
}

const THROTTLE_NAMES = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'Throttling',
]);

function shape(err: unknown): ServiceErrorShape {
  return typeof err === 'object' && err !== null ? (err as ServiceErrorShape) : {};
}

/** True when AWS asked us to slow down. */
export function isThrottlingError(err: unknown): boolean {
  const e = shape(err);
  if (e.name && THROTTLE_NAMES.has(e.name)) return true;
  if (e.$metadata?.httpStatusCode === 429) return true;
  return /rate exceeded/i.test(e.message ?? '');
}

/** True for faults worth another try: throttling, 5xx, dropped connections. */
export function isRetryableError(err: unknown): boolean {
  if (err instanceof LambdalensError) return err.retryable;
  if (isUnreachableError(err)) return false;
  if (isThrottlingError(err)) return true;
  const e = shape(err);
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return (
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE'].includes(e.code ?? '') || e.name === 'TimeoutError'
  );
}

/** True when the SDK's credential chain gave nothing, as opposed to a service refusing what it gave. */
export function isNoCredentialsError(err: unknown): boolean {
  const e = shape(err);
  return e.name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message ?? '');
}

/**
 * Turns an SDK error into the error a user can act on. `action` is the IAM action of the
 * call (`logs:FilterLogEvents`), named in AccessDenied messages because AWS often omits it;
 * `origins` say where the endpoint came from, for when it cannot be reached.
 */
export function classifyAwsError(
  err: unknown,
  action: string,
  resource?: string,
  origins?: AwsSettingOrigins,
): Error {
  if (err instanceof LambdalensError) return err;
  const e = shape(err);
  const name = e.name ?? '';
  const message = redactSecrets(e.message ?? String(err));
  if (isNoCredentialsError(err)) return new MissingCredentialsError(err);
  if (/region is missing/i.test(message)) return new MissingRegionError(err);
  if (REJECTED_CREDENTIALS.has(name)) {
    return new CredentialsRejectedError(action, name, message, origins?.credentials, err);
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    name === 'UnauthorizedOperation' ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return new AccessDeniedError(action, resource, message, err);
  }
  if (isThrottlingError(err)) return new ThrottledError(action, err);
  if (isUnreachableError(err)) return new EndpointUnreachableError(action, message, origins, err);
  return new AwsCollectorError(`${action} failed: ${name ? `${name}: ` : ''}${message}`, {
    cause: err,
    retryable: isRetryableError(err),
  });
}
