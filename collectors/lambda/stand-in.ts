/**
 * A function Lambda gave no configuration for, read from its default log group in its place.
 * Its own module, free of the AWS SDK: the notes that tell of it load on every run.
 */

export type StandInReason = 'not-found' | 'not-allowed';

/** What a reader tells of a stand-in: why the function's configuration is missing, and what is read. */
export function standInText(functionName: string, logGroup: string, reason: StandInReason): string {
  return reason === 'not-found'
    ? `Lambda has no function ${functionName} (deleted?): reading its log group ${logGroup}`
    : `these credentials may not describe function ${functionName} (lambda:GetFunctionConfiguration): ` +
        `reading its default log group ${logGroup}; a log group set in its LoggingConfig would be missed`;
}
