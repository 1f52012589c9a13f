/**
 * Function discovery: which functions the user meant (names, prefixes, tags or all) and
 * the configuration their logs do not tell (memory, architecture, storage, log group…).
 * Results are cached for the run: one discovery, many consumers (logs, tail, cost).
 */

import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  type LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
import { type CallContext, callAws } from '../aws/call.ts';
import { parseArn } from '../aws/config.ts';
import {
  AccessDeniedError,
  AwsCollectorError,
  NoFunctionMatchesError,
  UnknownFunctionError,
} from '../aws/errors.ts';
import { ConfigError } from '../kernel/index.ts';
import type { Architecture, FunctionConfig } from '../model.ts';
import type { StandInReason } from './stand-in.ts';

/** How the user picks functions; selectors combine as a union, `all` wins. */
export interface FunctionSelector {
  names?: string[];
  /** Name prefixes (`orders-` selects `orders-api`, `orders-worker`). */
  prefixes?: string[];
  /** Every tag must match (`{ team: 'payments' }`). */
  tags?: Record<string, string>;
  all?: boolean;
}

/** A discovered function: its config plus the ARN it came from. */
export interface DiscoveredFunction extends FunctionConfig {
  /** Empty for a stand-in. */
  functionArn: string;
  logGroup: string;
  /**
   * Set when Lambda gave no configuration and the function's default log group stands in
   * for it: the function is gone (`not-found`), or these credentials may not describe it
   * (`not-allowed`). Nothing but the name and the log group is known then.
   */
  standIn?: StandInReason | undefined;
}

export interface FunctionDiscovery {
  discover(selector: FunctionSelector): Promise<DiscoveredFunction[]>;
  /** Log groups to read for these functions, each once even when several functions share it. */
  logGroupsOf(functions: DiscoveredFunction[]): string[];
}

export interface FunctionDiscoveryConfig {
  client: LambdaClient;
  ctx: CallContext;
  region?: string | undefined;
  /**
   * Whether a log group exists. Given, a function named outright that Lambda does not know
   * (deleted: its logs stay) or will not describe to these credentials (a logs-only role)
   * is read from its default log group when that group exists, as `standIn`; otherwise
   * the name fails as before. Readers of logs give it; `functions` does not.
   */
  logGroupExists?: ((logGroup: string) => Promise<boolean>) | undefined;
}

export class SelectorError extends ConfigError {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** Maps the API's shape to ours; region and account come from the ARN. */
export function toFunctionConfig(fn: FunctionConfiguration): DiscoveredFunction {
  const name = fn.FunctionName;
  const arn = fn.FunctionArn;
  if (!name || !arn)
    throw new AwsCollectorError('Lambda returned a function without FunctionName/FunctionArn');
  const parsed = parseArn(arn);
  const arch = fn.Architectures?.[0];
  const tracing = fn.TracingConfig?.Mode;
  const format = fn.LoggingConfig?.LogFormat;
  return {
    functionName: name,
    functionArn: arn,
    region: parsed?.region,
    accountId: parsed?.accountId,
    architecture: arch === 'arm64' || arch === 'x86_64' ? (arch as Architecture) : 'x86_64',
    memorySizeMB: fn.MemorySize,
    ephemeralStorageMB: fn.EphemeralStorage?.Size ?? 512,
    timeoutSeconds: fn.Timeout,
    runtime: fn.Runtime,
    tracingMode: tracing === 'Active' || tracing === 'PassThrough' ? tracing : undefined,
    logFormat: format === 'JSON' || format === 'Text' ? format : 'Text',
    // LoggingConfig.LogGroup overrides the default, and may be shared by several functions.
    logGroup: fn.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`,
    snapStart: fn.SnapStart?.ApplyOn,
    packageType: fn.PackageType === 'Image' || fn.PackageType === 'Zip' ? fn.PackageType : undefined,
  };
}

function validate(selector: FunctionSelector): void {
  const empty = (xs: string[] | undefined) => !xs || xs.length === 0;
  if (!selector.all && empty(selector.names) && empty(selector.prefixes) && !selector.tags) {
    throw new SelectorError('no functions selected: give function names, a prefix, tags, or "all"');
  }
  for (const n of [...(selector.names ?? []), ...(selector.prefixes ?? [])]) {
    if (n.trim() === '') throw new SelectorError('empty function name or prefix in the selection');
  }
}

/** Creates a discovery bound to one client; its results are cached per selector. */
export function createFunctionDiscovery(config: FunctionDiscoveryConfig): FunctionDiscovery {
  const { client, ctx } = config;
  let listing: Promise<FunctionConfiguration[]> | undefined;
  const tagCache = new Map<string, Promise<Record<string, string>>>();
  const results = new Map<string, Promise<DiscoveredFunction[]>>();

  function listAll(): Promise<FunctionConfiguration[]> {
    listing ??= (async () => {
      const out: FunctionConfiguration[] = [];
      let marker: string | undefined;
      do {
        const page = await callAws(ctx, 'lambda:ListFunctions', (abortSignal) =>
          client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: 50 }), { abortSignal }),
        );
        out.push(...(page.Functions ?? []));
        marker = page.NextMarker;
      } while (marker);
      return out;
    })();
    return listing;
  }

  function tagsOf(arn: string): Promise<Record<string, string>> {
    let t = tagCache.get(arn);
    if (!t) {
      t = callAws(ctx, 'lambda:ListTags', (abortSignal) =>
        client.send(new ListTagsCommand({ Resource: arn }), { abortSignal }),
      ).then((r) => r.Tags ?? {});
      tagCache.set(arn, t);
    }
    return t;
  }

  async function byName(name: string): Promise<DiscoveredFunction> {
    try {
      return toFunctionConfig(
        await callAws(
          ctx,
          'lambda:GetFunctionConfiguration',
          (abortSignal) =>
            client.send(new GetFunctionConfigurationCommand({ FunctionName: name }), { abortSignal }),
          { resource: name },
        ),
      );
    } catch (err) {
      const cause = err instanceof Error ? err.cause : undefined;
      const notFound = (cause as { name?: string } | undefined)?.name === 'ResourceNotFoundException';
      const reason: StandInReason | null = notFound
        ? 'not-found'
        : err instanceof AccessDeniedError
          ? 'not-allowed'
          : null;
      const standIn = reason ? await standInFor(name, reason) : null;
      if (standIn) return standIn;
      throw notFound ? new UnknownFunctionError(name, config.region, err) : err;
    }
  }

  /** The function's default log group in its place, when there is one to read. */
  async function standInFor(name: string, reason: StandInReason): Promise<DiscoveredFunction | null> {
    const logGroup = `/aws/lambda/${name}`;
    // A group that cannot be looked up either is no better ground: the first failure is told.
    const exists = await config.logGroupExists?.(logGroup).catch(() => false);
    if (!exists) return null;
    return { functionName: name, functionArn: '', logGroup, region: config.region, standIn: reason };
  }

  async function run(selector: FunctionSelector): Promise<DiscoveredFunction[]> {
    validate(selector);
    const found = new Map<string, DiscoveredFunction>();
    for (const name of selector.names ?? []) {
      const fn = await byName(name);
      found.set(fn.functionArn || name, fn);
    }
    const needsListing = selector.all || (selector.prefixes?.length ?? 0) > 0 || selector.tags !== undefined;
    if (needsListing) {
      const prefixes = selector.prefixes ?? [];
      const matched = new Set<string>();
      for (const fn of await listAll()) {
        const name = fn.FunctionName ?? '';
        const nameOk = selector.all || prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));
        if (!nameOk) continue;
        if (selector.tags && fn.FunctionArn) {
          const tags = await tagsOf(fn.FunctionArn);
          if (!Object.entries(selector.tags).every(([k, v]) => tags[k] === v)) continue;
        } else if (!selector.all && prefixes.length === 0) {
          continue;
        }
        found.set(fn.FunctionArn ?? name, toFunctionConfig(fn));
        for (const p of prefixes) if (name.startsWith(p)) matched.add(p);
      }
      if (found.size === 0 && !selector.all) {
        throw new NoFunctionMatchesError(prefixes, selector.tags, config.region);
      }
      // Each prefix must select something, as each name must: `-f orders-api,paymnets-*`
      // read orders-api alone and said nothing of the prefix.
      const unmatched = prefixes.filter((p) => !matched.has(p));
      if (unmatched.length > 0 && !selector.all) {
        throw new NoFunctionMatchesError(unmatched, selector.tags, config.region);
      }
    }
    return [...found.values()].sort((a, b) => a.functionName.localeCompare(b.functionName));
  }

  return {
    discover(selector) {
      const key = JSON.stringify(selector);
      let r = results.get(key);
      if (!r) {
        r = run(selector);
        results.set(key, r);
        r.catch(() => results.delete(key));
      }
      return r;
    },
    logGroupsOf(functions) {
      return [...new Set(functions.map((f) => f.logGroup))];
    },
  };
}
