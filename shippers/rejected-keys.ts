/**
 * A signed request to Amazon OpenSearch refused because of the keys it was signed with,
 * not because of what they may do: a wrong secret, a token the service does not know, an
 * expired session. Retrying cannot help and no document is at fault; the keys must change,
 * so `ship` ends as the AWS log clients do for such keys (exit 2), naming the answer, never
 * the keys.
 *
 * The service says which in the `x-amzn-ErrorType` header (`InvalidSignatureException:…`)
 * and in its message; a proxy in between may keep only the body, so both are read. A
 * permission refusal (a 403 naming an action or a role mapping) is not one of these: the
 * keys are good, their privileges are the cluster's to change, and it stays a failure.
 */
import { isRejectedCredentialsCode } from '../collectors/aws/errors.ts';

/** AWS's own words for each case, and the code the header would carry. */
const MESSAGES: ReadonlyArray<[words: RegExp, code: string]> = [
  [/security token included in the request is invalid/i, 'UnrecognizedClientException'],
  [/security token included in the request is expired/i, 'ExpiredTokenException'],
  [/request signature we calculated does not match/i, 'InvalidSignatureException'],
];

/** The AWS error code of a 401 or 403 answer that refused the keys themselves, or null. */
export function rejectedKeysCode(
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  body: unknown,
): string | null {
  if (status !== 401 && status !== 403) return null;
  // `UnrecognizedClientException:http://internal.amazon.com/coral/…`: the name before the colon.
  const typed = headers['x-amzn-errortype']?.split(':')[0]?.trim();
  if (typed && isRejectedCredentialsCode(typed)) return typed;
  const message = (body as { message?: unknown; Message?: unknown } | null | undefined) ?? undefined;
  const text = typeof message?.message === 'string' ? message.message : message?.Message;
  if (typeof text !== 'string') return null;
  for (const [words, code] of MESSAGES) if (words.test(text)) return code;
  return null;
}

/** What to do about refused keys, for every command that signs its requests. */
export const REJECTED_KEYS_HINT =
  'check the AWS credentials the requests are signed with (the environment’s keys, --profile or AWS_PROFILE): renew them if they expired';
