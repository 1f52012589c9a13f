/**
 * Where each AWS setting of a run came from (`--endpoint-url`, AWS_ENDPOINT_URL_LAMBDA,
 * `endpoint_url of profile "dev" in ~/.aws/config`), kept beside the clients so an error
 * met mid-run can name the place to fix instead of listing every place it might be.
 */

/** The clients lambdalens builds; also the IAM prefix of their actions (`lambda:ListFunctions`). */
export type AwsService = 'logs' | 'lambda' | 'xray';

/** A setting's value and where it came from (`--region`, `AWS_ENDPOINT_URL`, a profile's file). */
export interface Sourced {
  value: string;
  source: string;
}

export interface AwsSettingOrigins {
  region: Sourced | undefined;
  /** Per client; absent when the SDK derives AWS's own endpoint from the Region. */
  endpoints: Partial<Record<AwsService, Sourced>>;
  /** Where the credentials came from, in words (credentials-source.ts), once resolved. */
  credentials?: string | undefined;
}

/** What to check when no connection can be made for `action` (`lambda:ListFunctions`). */
export function unreachableHint(action: string, origins: AwsSettingOrigins | undefined): string {
  if (!origins)
    return 'check --endpoint-url (or AWS_ENDPOINT_URL) and --region (or AWS_REGION), and the network';
  const endpoint = origins.endpoints[action.split(':')[0] as AwsService];
  if (endpoint) return `the endpoint was set by ${endpoint.source}: check it, and the network`;
  if (origins.region) {
    return (
      `the endpoint is AWS's own for Region ${origins.region.value}, set by ${origins.region.source}: ` +
      'check the Region, and the network'
    );
  }
  return 'check --region (or AWS_REGION), and the network';
}
