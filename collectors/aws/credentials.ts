/**
 * The credential provider every client of a run shares: the SDK's standard chain, asked
 * only when a client first signs a request (a run that makes no AWS call needs none and
 * must not fail for lack of them), with two things added where the SDK resolves them:
 *
 * - the credentials it resolved are handed to `onResolved`, so whoever prints the run's
 *   words can scrub them: keys from SSO, an assumed role, credential_process or instance
 *   metadata exist nowhere before this moment, and a server error may quote the session
 *   token back;
 * - a chain that found nothing is explained by the profile the run uses
 *   (missing-credentials.ts), not by the SDK's "Could not load credentials".
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { assumeRoleFailure, watchStsCalls } from './assume-role.ts';
import { probeCredentialProcess } from './credential-process.ts';
import { resolveEndpoint } from './endpoints.ts';
import { isNoCredentialsError, MissingCredentialsError } from './errors.ts';
import { credentialProcessOf, explainHalfKey, explainMissingCredentials } from './missing-credentials.ts';
import { type RunProfile, readRunProfile } from './profile.ts';
import type { SharedFilesOption } from './shared-config.ts';

/** Called with each set of credentials the SDK resolves (again on every refresh). */
export type CredentialsObserver = (credentials: AwsCredentialIdentity) => void;

export interface RunCredentialsOptions {
  /** `--endpoint-url`: where STS is asked for a profile's role too, as every client is sent there. */
  endpointUrl?: string | undefined;
  onResolved?: CredentialsObserver | undefined;
}

/** The standard chain for the run's profile, watched as described above. */
export function runCredentials(
  { profile, files }: RunProfile,
  options: RunCredentialsOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): AwsCredentialIdentityProvider {
  // The STS client that assumes a role_arn takes its endpoint as the run's clients take
  // theirs (endpoints.ts), and only from there: left to itself it would not see
  // --endpoint-url, and would read endpoint_url from another profile than the run's.
  const sts = resolveEndpoint('sts', options.endpointUrl, env, profile, files);
  // Only a --profile is passed on: the chain reads AWS_PROFILE itself, and with neither it
  // tries the environment's keys first, as the SDK's default does. The plugin marks a failed
  // STS call with its role and endpoint, so it is not taken for the signing client's failure.
  const chain = fromNodeProviderChain({
    ...(profile.origin === '--profile' ? { profile: profile.name } : {}),
    clientConfig: { ...(sts ? { endpoint: sts.value } : {}), ignoreConfiguredEndpointUrls: true },
    clientPlugins: [watchStsCalls()],
  });
  const explain = async (err: unknown) => {
    const said = err instanceof Error ? err.message : String(err);
    const command = credentialProcessOf(profile, files);
    // The chain's error keeps neither the process's exit status nor its stderr (only "Could
    // not load credentials from any providers"), so the command is run once more, here, and
    // only after the chain failed: a run that has its credentials never runs it twice.
    const processSaid = command === undefined ? undefined : await probeCredentialProcess(command);
    return new MissingCredentialsError(
      err,
      explainHalfKey(profile, env) ?? explainMissingCredentials(profile, files, said, processSaid),
    );
  };
  return watchedCredentials(
    chain,
    options.onResolved,
    explain,
    (err) => assumeRoleFailure(err, profile, files, sts) ?? err,
  );
}

/**
 * `runCredentials` for a profile named by a flag (or AWS_PROFILE, or none), for a caller that
 * holds no shared config of its own: the SigV4 signer of Amazon OpenSearch, which must resolve,
 * scrub and explain credentials as the AWS log clients do. A profile the files lack, or an
 * unusable one, throws here, as it does when the AWS clients are built.
 */
export function profileCredentials(
  options: RunCredentialsOptions & SharedFilesOption & { profile?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): AwsCredentialIdentityProvider {
  return runCredentials(readRunProfile(options.profile, env, options.sharedFiles?.()), options, env);
}

/**
 * `provider`, with what it resolves handed to `onResolved` before any client uses it, and a
 * chain that found nothing turned into `explain(err)`. Other failures (STS refusing the role,
 * an SSO endpoint unreachable) pass through `translate` (by default as they are), for the
 * call to classify.
 */
export function watchedCredentials(
  provider: AwsCredentialIdentityProvider,
  onResolved: CredentialsObserver | undefined,
  explain: (err: unknown) => Error | Promise<Error>,
  translate: (err: unknown) => unknown = (err) => err,
): AwsCredentialIdentityProvider {
  return async (properties) => {
    let credentials: AwsCredentialIdentity;
    try {
      credentials = await provider(properties);
    } catch (err) {
      throw isNoCredentialsError(err) ? await explain(err) : translate(err);
    }
    onResolved?.(credentials);
    return credentials;
  };
}
