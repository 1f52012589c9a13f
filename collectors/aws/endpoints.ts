/**
 * Which endpoint each client talks to (and STS, which the credential chain asks for a
 * profile's role), in the order the AWS CLI and SDKs document for service-specific endpoints: `--endpoint-url`, then (unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
 * or the profile's `ignore_configured_endpoint_urls` is true) AWS_ENDPOINT_URL_<SERVICE>,
 * AWS_ENDPOINT_URL, the service's `endpoint_url` in the profile's `services` section, and the
 * profile's own `endpoint_url`. Each value is checked and its origin named when it is wrong.
 */
import { AwsConfigError } from './errors.ts';
import type { AwsService, Sourced } from './origins.ts';
import { type ResolvedProfile, settingWhere } from './profile.ts';
import type { SharedConfigFiles } from './shared-config.ts';

export type { AwsService, Sourced } from './origins.ts';

/** The services whose endpoint lambdalens sets: its clients', and the credential chain's STS. */
export type EndpointService = AwsService | 'sts';

/** Each service ID (`CloudWatch Logs`) as the variable and the `services` key spell it. */
const SERVICE_KEYS: Record<EndpointService, { variable: string; servicesKey: string }> = {
  logs: { variable: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS', servicesKey: 'cloudwatch_logs' },
  lambda: { variable: 'AWS_ENDPOINT_URL_LAMBDA', servicesKey: 'lambda' },
  xray: { variable: 'AWS_ENDPOINT_URL_XRAY', servicesKey: 'xray' },
  sts: { variable: 'AWS_ENDPOINT_URL_STS', servicesKey: 'sts' },
};

/** The endpoint and what set it; undefined when the SDK is to take AWS's own for the Region. */
export function resolveEndpoint(
  service: EndpointService,
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  profile: ResolvedProfile,
  files: SharedConfigFiles,
): Sourced | undefined {
  const chosen =
    flag !== undefined
      ? { value: flag, source: '--endpoint-url' }
      : ignoresConfigured(env, profile.settings)
        ? undefined
        : configuredEndpoint(service, env, profile, files);
  if (chosen) checkUrl(chosen);
  return chosen;
}

function configuredEndpoint(
  service: EndpointService,
  env: NodeJS.ProcessEnv,
  profile: ResolvedProfile,
  files: SharedConfigFiles,
): Sourced | undefined {
  const { variable, servicesKey } = SERVICE_KEYS[service];
  if (env[variable]) return { value: env[variable], source: variable };
  if (env.AWS_ENDPOINT_URL) return { value: env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL' };
  const servicesName = profile.settings.services;
  if (servicesName !== undefined) {
    const section = files.services.get(servicesName);
    if (!section) {
      throw new AwsConfigError(
        `${settingWhere('services', profile.name, files)} is "${servicesName}", but there is no ` +
          `[services ${servicesName}] section in ${files.configPath}`,
      );
    }
    const value = section[`${servicesKey}.endpoint_url`];
    if (value !== undefined) {
      return {
        value,
        source: `${servicesKey}.endpoint_url of [services ${servicesName}] in ${files.configPath}`,
      };
    }
  }
  const value = profile.settings.endpoint_url;
  if (value !== undefined) return { value, source: settingWhere('endpoint_url', profile.name, files) };
  return undefined;
}

function ignoresConfigured(env: NodeJS.ProcessEnv, settings: Record<string, string>): boolean {
  const setting = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS || settings.ignore_configured_endpoint_urls;
  return setting?.toLowerCase() === 'true';
}

function checkUrl({ value, source }: Sourced): void {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return;
  } catch {
    // Said below, with where the value came from.
  }
  throw new AwsConfigError(`${source}: "${value}" is not an http(s) URL`);
}
