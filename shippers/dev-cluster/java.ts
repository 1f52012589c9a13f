import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceStartError } from './process.ts';

/** Where Debian packages and the Temurin packages put their JDKs. */
const JVM_ROOT = '/usr/lib/jvm';

/** The feature release of a JDK home (25 for "25.0.3"), read from its `release` file. */
export function javaMajor(home: string): number | null {
  try {
    const release = readFileSync(join(home, 'release'), 'utf8');
    const match = /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(release);
    if (!match?.[1]) return null;
    const first = Number(match[1]);
    // Java 8 and older report "1.8.0".
    return first === 1 && match[2] ? Number(match[2]) : first;
  } catch {
    return null;
  }
}

/** The JDK feature releases a distribution runs on, both ends included. */
export interface JavaRange {
  min: number;
  /** OpenSearch 2.x needs the Security Manager, which JDK 24 removed: it stops at 23. */
  max?: number | undefined;
}

const describeRange = (range: JavaRange) =>
  range.max === undefined ? `${range.min}+` : `${range.min} to ${range.max}`;

/**
 * Picks a JDK in `range`: the home named by `overrideVariable` (ES_JAVA_HOME, OPENSEARCH_JAVA_HOME)
 * if set, else the newest fitting one under /usr/lib/jvm or JAVA_HOME. The integ-test
 * zips ship no JDK of their own, and the machine's default `java` may not fit.
 */
export function findJavaHome(
  range: JavaRange,
  overrideVariable = 'ES_JAVA_HOME',
  env: NodeJS.ProcessEnv = process.env,
): string {
  const fits = (major: number | null): major is number =>
    major !== null && major >= range.min && (range.max === undefined || major <= range.max);
  const explicit = env[overrideVariable];
  if (explicit) {
    const major = javaMajor(explicit);
    if (!fits(major)) {
      throw new ServiceStartError(
        `${overrideVariable}=${explicit} is not a JDK ${describeRange(range)} (found ${major ?? 'none'})`,
      );
    }
    return explicit;
  }
  const candidates: { home: string; major: number }[] = [];
  const roots = existsSync(JVM_ROOT) ? readdirSync(JVM_ROOT).map((name) => join(JVM_ROOT, name)) : [];
  if (env.JAVA_HOME) roots.push(env.JAVA_HOME);
  for (const home of roots) {
    if (!existsSync(join(home, 'bin', 'java'))) continue;
    const major = javaMajor(home);
    if (fits(major)) candidates.push({ home, major });
  }
  candidates.sort((a, b) => b.major - a.major || a.home.localeCompare(b.home));
  const best = candidates[0];
  if (!best) {
    throw new ServiceStartError(
      `no JDK ${describeRange(range)} found under ${JVM_ROOT} or JAVA_HOME; install one (Debian: openjdk-17-jdk-headless, or a Temurin JDK) or set ${overrideVariable}`,
    );
  }
  return best.home;
}
