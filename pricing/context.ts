/**
 * Where pricing learns what REPORT lines never say: region, architecture and ephemeral
 * storage, from the invocation itself, the functions config file or command-line defaults.
 */

import { readFile } from 'node:fs/promises';
import { isAccountId, isRegionName } from '../collectors/aws-names.ts';
import { decodeText } from '../collectors/files/byte-order.ts';
import { ConfigError, fileReadProblem } from '../collectors/kernel/index.ts';
import type { Architecture, FunctionConfig, InitializationType, Invocation } from '../collectors/model.ts';
import { MAX_MEMORY_MB, MIN_MEMORY_MB } from '../collectors/report-values.ts';
import { unknownConfigKeys } from './config-keys.ts';
import type { PricingContext } from './estimate.ts';

export type FunctionConfigs = ReadonlyMap<string, FunctionConfig>;

export interface ContextDefaults {
  region?: string | undefined;
  architecture?: Architecture | undefined;
}

export type MissingField = 'region' | 'architecture';

export type ContextResult =
  | { ok: true; context: PricingContext }
  | { ok: false; missing: MissingField[]; message: string };

export class FunctionConfigError extends ConfigError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FunctionConfigError';
  }
}

const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64'];

export function isArchitecture(value: unknown): value is Architecture {
  return typeof value === 'string' && ARCHITECTURES.includes(value);
}

/** Why a function cannot be priced, naming the flag or config key that would fix it. */
export function missingMessage(functionName: string, missing: MissingField[]): string {
  // A function the input does not name has no config key until --function-name names it.
  const unnamed = functionName === UNKNOWN_FUNCTION;
  const key = unnamed ? '<name>' : functionName;
  const parts = missing.map((field) =>
    field === 'region'
      ? `region unknown (the log group/ARN did not say): pass --region <region> or set functions["${key}"].region in the --config file`
      : `architecture unknown (REPORT lines do not carry it): pass --arch x86_64|arm64 or set functions["${key}"].architecture in the --config file`,
  );
  const naming = unnamed ? ' (with --function-name <name>, as the input names none)' : '';
  return `cannot price function "${functionName}": ${parts.join('; ')}${naming}`;
}

/** Resolves the pricing context of one invocation; config beats flags, the log beats both for region. */
export function resolveContext(
  functionName: string,
  invocationRegion: string | null,
  configs: FunctionConfigs,
  defaults: ContextDefaults,
): ContextResult {
  const config = configs.get(functionName);
  const region = invocationRegion ?? config?.region ?? defaults.region;
  const architecture = config?.architecture ?? defaults.architecture;
  const missing: MissingField[] = [];
  if (!region) missing.push('region');
  if (!architecture) missing.push('architecture');
  if (!region || !architecture) return { ok: false, missing, message: missingMessage(functionName, missing) };
  const runtime = config?.runtime ?? '';
  return {
    ok: true,
    context: {
      region,
      architecture,
      ephemeralStorageMB: config?.ephemeralStorageMB,
      chargeSnapStartRestore: /^(python|dotnet)/.test(runtime),
    },
  };
}

/** The function name of an invocation, or a stand-in that says it was not known. */
/** What a report calls the function of invocations (and log bytes) whose input named none. */
export const UNKNOWN_FUNCTION = '(unknown function)';

export function invocationFunctionName(invocation: Pick<Invocation, 'functionName'>): string {
  return invocation.functionName ?? UNKNOWN_FUNCTION;
}

/**
 * Reads `{ "functions": { "<name>": FunctionConfig } }`, checking each field it relies on;
 * `onWarning` hears of keys nothing reads (a mistyped key would otherwise be ignored silently).
 */
export async function loadFunctionConfigs(
  path: string,
  onWarning?: (message: string) => void,
): Promise<Map<string, FunctionConfig>> {
  let text: string;
  try {
    text = decodeText(await readFile(path));
  } catch (cause) {
    throw new FunctionConfigError(`cannot read function config ${path}: ${fileReadProblem(cause)}`, {
      cause,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new FunctionConfigError(`function config ${path} is not JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  return parseFunctionConfigs(raw, path, onWarning);
}

/** What Lambda lets a function be configured with: [least, most, unit]. */
const CONFIG_LIMITS: Record<
  'memorySizeMB' | 'ephemeralStorageMB' | 'timeoutSeconds',
  [number, number, string]
> = {
  memorySizeMB: [MIN_MEMORY_MB, MAX_MEMORY_MB, 'MB'],
  ephemeralStorageMB: [512, 10_240, 'MB'],
  timeoutSeconds: [1, 900, 'seconds'],
};

export function parseFunctionConfigs(
  raw: unknown,
  where: string,
  onWarning?: (message: string) => void,
): Map<string, FunctionConfig> {
  const functions = (raw as { functions?: unknown } | null)?.functions;
  if (typeof functions !== 'object' || functions === null || Array.isArray(functions)) {
    throw new FunctionConfigError(`${where}: expected an object { "functions": { "<name>": {...} } }`);
  }
  const out = new Map<string, FunctionConfig>();
  for (const [name, value] of Object.entries(functions as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) {
      throw new FunctionConfigError(`${where}: functions["${name}"] must be an object`);
    }
    const config = value as Record<string, unknown>;
    if (config.architecture !== undefined && !isArchitecture(config.architecture)) {
      throw new FunctionConfigError(
        `${where}: functions["${name}"].architecture is ${JSON.stringify(config.architecture)}; expected "x86_64" or "arm64"`,
      );
    }
    for (const [key, [min, max, unit]] of Object.entries(CONFIG_LIMITS)) {
      const v = config[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) {
        throw new FunctionConfigError(
          `${where}: functions["${name}"].${key} is ${JSON.stringify(v)}; Lambda allows a whole number of ${unit} from ${min} to ${max.toLocaleString('en')}`,
        );
      }
    }
    const pc = config.provisionedConcurrency;
    if (pc !== undefined && (typeof pc !== 'number' || !Number.isInteger(pc) || pc < 0)) {
      throw new FunctionConfigError(
        `${where}: functions["${name}"].provisionedConcurrency must be a whole number of environments`,
      );
    }
    const hours = config.provisionedConcurrencyHours;
    if (hours !== undefined && (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0)) {
      throw new FunctionConfigError(
        `${where}: functions["${name}"].provisionedConcurrencyHours must be a number of hours ≥ 0`,
      );
    }
    if (config.region !== undefined && (typeof config.region !== 'string' || !isRegionName(config.region))) {
      throw new FunctionConfigError(
        `${where}: functions["${name}"].region is ${JSON.stringify(config.region)}; expected a Region name such as "us-east-1"`,
      );
    }
    const account = config.accountId;
    if (account !== undefined && (typeof account !== 'string' || !isAccountId(account))) {
      throw new FunctionConfigError(
        `${where}: functions["${name}"].accountId is ${JSON.stringify(account)}; expected the 12 digits of an account ID in a string, such as "123456789012"`,
      );
    }
    out.set(name, { ...(config as Partial<FunctionConfig>), functionName: name });
  }
  // Said once the file is known to be good: a wrong value stops the run before any warning.
  for (const warning of unknownConfigKeys(raw as Record<string, unknown>, where)) onWarning?.(warning);
  return out;
}

/** Whether SnapStart restores of a runtime are charged: Python and .NET are; Java managed runtimes are not. */
export function restoreCharge(runtime: string | null | undefined): 'charged' | 'free' | 'unknown' {
  if (!runtime) return 'unknown';
  if (/^(python|dotnet)/i.test(runtime)) return 'charged';
  if (/^java/i.test(runtime)) return 'free';
  return 'unknown';
}

/** Everything pricing needs of one invocation, wherever each part came from. */
export interface InvocationContext extends PricingContext {
  accountId: string | null;
  /** Runtime from the invocation's stream (INIT_START / RESTORE_START) or the config. */
  runtime: string | null;
  initializationType: InitializationType | null;
  /**
   * What the defaults (`--region`, `--arch`) gave because neither the logs nor the config
   * said it: a price that rests on them says so where it is shown.
   */
  fromDefaults: MissingField[];
}

export type InvocationContextResult =
  | { ok: true; context: InvocationContext }
  | { ok: false; missing: MissingField[]; message: string };

/**
 * The context of one invocation: what its logs said (`inv`, or facts learned of its
 * group after it closed: `learned`) beats the config, which beats the flags; the
 * architecture, which logs never say, comes from the config, then the flags.
 */
export function resolveInvocationContext(
  inv: Pick<Invocation, 'functionName' | 'region' | 'accountId' | 'runtimeVersion' | 'initializationType'>,
  configs: FunctionConfigs,
  defaults: ContextDefaults,
  learned: { region?: string | null; accountId?: string | null; runtimeVersion?: string | null } = {},
): InvocationContextResult {
  const functionName = invocationFunctionName(inv as Invocation);
  const config = configs.get(functionName);
  const regionSaid = inv.region ?? learned.region ?? config?.region;
  const region = regionSaid ?? defaults.region;
  const architecture = config?.architecture ?? defaults.architecture;
  const missing: MissingField[] = [];
  if (!region) missing.push('region');
  if (!architecture) missing.push('architecture');
  if (!region || !architecture) return { ok: false, missing, message: missingMessage(functionName, missing) };
  const fromDefaults: MissingField[] = [];
  if (!regionSaid) fromDefaults.push('region');
  if (!config?.architecture) fromDefaults.push('architecture');
  const runtime = inv.runtimeVersion ?? learned.runtimeVersion ?? config?.runtime ?? null;
  return {
    ok: true,
    context: {
      region,
      architecture,
      ephemeralStorageMB: config?.ephemeralStorageMB,
      chargeSnapStartRestore: restoreCharge(runtime) === 'charged',
      accountId: inv.accountId ?? learned.accountId ?? config?.accountId ?? null,
      runtime,
      initializationType: inv.initializationType,
      fromDefaults,
    },
  };
}
