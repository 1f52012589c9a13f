/**
 * STS failures while the credential chain assumes a profile's role_arn, said as such. The
 * SDK throws STS's error out of the credential provider of whatever client signed first, so
 * it used to be classified as that client's: an unreachable STS got the Lambda endpoint's
 * hint, an STS AccessDenied became "not allowed lambda:GetFunctionConfiguration". A plugin
 * on the SDK's own STS client marks each failed call with the role it asked for and the
 * endpoint it asked at; the run's credential provider turns a marked error into one of the
 * two below: STS refusing the role is the profile's to fix (exit 2), STS out of reach or
 * failing is a failure of the run (exit 1).
 */
import type { FinalizeHandlerArguments, Pluggable } from '@aws-sdk/types';
import { ConfigError } from '../kernel/index.ts';
import {
  AwsCollectorError,
  isRetryableError,
  isThrottlingError,
  isUnreachableError,
  redactSecrets,
} from './errors.ts';
import type { Sourced } from './origins.ts';
import { type ResolvedProfile, roleChain } from './profile.ts';
import type { SharedConfigFiles } from './shared-config.ts';

/** What an STS call that failed asked for, and where. */
interface StsCall {
  roleArn: string;
  endpoint: string;
}

const STS_CALL = Symbol('lambdalens.stsCall');

/** A client plugin for the SDK's STS client (`clientPlugins` of the credential chain). */
export function watchStsCalls(): Pluggable<object, object> {
  return {
    applyToStack(stack) {
      stack.add(
        (next) => async (args: FinalizeHandlerArguments<object>) => {
          try {
            return await next(args);
          } catch (err) {
            const roleArn = (args.input as { RoleArn?: unknown }).RoleArn;
            if (
              typeof err === 'object' &&
              err !== null &&
              typeof roleArn === 'string' &&
              !(STS_CALL in err)
            ) {
              const call: StsCall = { roleArn, endpoint: endpointOf(args.request) };
              Object.defineProperty(err, STS_CALL, { value: call, enumerable: false });
            }
            throw err;
          }
        },
        // Below the retry middleware: the request's endpoint is resolved by then.
        { step: 'finalizeRequest', priority: 'low', name: 'lambdalensStsCalls' },
      );
    },
  };
}

function endpointOf(request: unknown): string {
  const r = (request ?? {}) as { protocol?: string; hostname?: string; port?: number; path?: string };
  if (!r.hostname) return 'an endpoint the AWS SDK did not say';
  const path = r.path && r.path !== '/' ? r.path : '';
  return `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}${path}`;
}

/**
 * STS could not be asked, or failed to answer, for a profile's role (unreachable, a fault of
 * its own, throttling): exit 1, as any other AWS call that fails, naming the role, the
 * profile and STS.
 */
export class AssumeRoleError extends AwsCollectorError {
  readonly roleArn: string;
  constructor(
    message: string,
    roleArn: string,
    options: { cause: unknown; hint?: string; retryable: boolean },
  ) {
    super(message, options);
    this.name = 'AssumeRoleError';
    this.roleArn = roleArn;
  }
}

/**
 * STS refused a profile's role (AccessDenied, a setting it rejects): the run has no
 * credentials until the profile or the role's policies change, which is a configuration
 * error, exit 2, as for a profile whose credential_process or SSO login gives none.
 */
export class RoleNotAssumableError extends ConfigError {
  readonly roleArn: string;
  constructor(message: string, roleArn: string, options: { cause: unknown; hint: string }) {
    super(message, options);
    this.name = 'RoleNotAssumableError';
    this.roleArn = roleArn;
  }
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

/**
 * The error a failed STS call of the chain becomes; undefined for any other error, which
 * passes as it is. `sts` is the endpoint the chain's STS client was given, and what set it.
 */
export function assumeRoleFailure(
  err: unknown,
  profile: ResolvedProfile,
  files: SharedConfigFiles,
  sts: Sourced | undefined,
): AssumeRoleError | RoleNotAssumableError | undefined {
  if (typeof err !== 'object' || err === null || !(STS_CALL in err)) return undefined;
  const { roleArn, endpoint } = (err as { [STS_CALL]: StsCall })[STS_CALL];
  const e = err as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const owner = roleOwner(roleArn, profile, files);
  const assuming = `assuming role ${roleArn} (role_arn of profile "${owner.name}") failed`;
  const said = redactSecrets(e.message ?? String(err)).split('\n')[0];
  if (isUnreachableError(err)) {
    return new AssumeRoleError(`${assuming}: cannot reach STS at ${endpoint}: ${said}`, roleArn, {
      cause: err,
      retryable: isRetryableError(err),
      hint: unreachableStsHint(sts),
    });
  }
  const status = e.$metadata?.httpStatusCode;
  const code = e.name && e.name !== 'Error' ? e.name : (e.code ?? `HTTP ${status ?? '?'}`);
  const answer = `${assuming}: STS at ${endpoint} answered ${code}: ${said}`;
  if (ACCESS_DENIED.has(code) || status === 403) {
    return new RoleNotAssumableError(answer, roleArn, {
      cause: err,
      hint:
        `the credentials of ${owner.from} must be allowed sts:AssumeRole on ${roleArn}, ` +
        "and the role's trust policy must trust them",
    });
  }
  // Any other refusal of the request as asked (not a throttle, which passes) is of a setting.
  if (status !== undefined && status >= 400 && status < 500 && !isThrottlingError(err)) {
    return new RoleNotAssumableError(answer, roleArn, {
      cause: err,
      hint:
        `check role_arn and the other assume-role settings (role_session_name, duration_seconds, ` +
        `external_id) of profile "${owner.name}" in ${files.configPath}`,
    });
  }
  return new AssumeRoleError(answer, roleArn, { cause: err, retryable: isRetryableError(err) });
}

/**
 * The profile along the run's source_profile chain whose role_arn is `roleArn` (the run's
 * own when none matches), and what gives it the credentials it assumes the role with.
 */
function roleOwner(
  roleArn: string,
  profile: ResolvedProfile,
  files: SharedConfigFiles,
): { name: string; from: string } {
  for (const { name, settings } of roleChain(profile.name, profile.settings, files)) {
    if (settings?.role_arn !== roleArn) continue;
    const source = settings.source_profile;
    return {
      name,
      from:
        source !== undefined
          ? `source_profile "${source}"`
          : `credential_source ${settings.credential_source ?? '(none)'}`,
    };
  }
  return { name: profile.name, from: `profile "${profile.name}"` };
}

/** Where to look when STS could not be reached: what set its endpoint, as for the other clients. */
function unreachableStsHint(sts: Sourced | undefined): string {
  if (sts) return `STS's endpoint was set by ${sts.source}: check it, and the network`;
  return "STS's endpoint is AWS's own for the Region: check the Region and the network";
}
