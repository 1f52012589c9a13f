/**
 * How long a token may be and still be taken for a request ID. Lambda's are UUIDs (36
 * characters); custom runtimes and other tools write other forms, so the bound is generous.
 * A longer token is no request ID: its line is read as a plain line. Every open invocation
 * is filed under its ID, so an ID of any length (a megabyte of text after `RequestId:`)
 * made memory grow with the input whatever the bounds on invocations.
 */
export const MAX_REQUEST_ID_LENGTH = 256;

/**
 * A run of non-space characters that can be a request ID, for the expressions that read one.
 * It does not end in a colon: after `RequestId:` with its ID cut out, the next field's label
 * (`Duration:`, `Version:`) is no ID, and taking it made one invocation of every damaged line.
 */
export const ID_TOKEN = `\\S{0,${MAX_REQUEST_ID_LENGTH - 1}}[^\\s:](?!\\S)`;

/**
 * The form Lambda gives its request IDs: a UUID, 8-4-4-4-12 (AWS's documented examples
 * write letters such as `xmpl` into them, so any letter is taken).
 */
const LAMBDA_REQUEST_ID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i;

export function hasLambdaRequestIdForm(id: string): boolean {
  return LAMBDA_REQUEST_ID.test(id);
}

/** A JSON field's value as a request ID: a non-empty string within the bound, or null. */
export function requestIdValue(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_REQUEST_ID_LENGTH
    ? value
    : null;
}
