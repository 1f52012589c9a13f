import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceStartError } from './process-util.ts';

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

/**
 * Picks a JDK that Elasticsearch 9 accepts (21+): ES_JAVA_HOME if set, else the newest
 * under /usr/lib/jvm. The integ-test zip ships no JDK of its own, and the machine's
 * default `java` may be too old.
 */
export function findJavaHome(minMajor = 21): string {
  const explicit = process.env.ES_JAVA_HOME;
  if (explicit) {
    const major = javaMajor(explicit);
    if (major === null || major < minMajor) {
      throw new ServiceStartError(
        `ES_JAVA_HOME=${explicit} is not a JDK ${minMajor}+ (found ${major ?? 'none'})`,
      );
    }
    return explicit;
  }
  const candidates: { home: string; major: number }[] = [];
  const roots = existsSync(JVM_ROOT) ? readdirSync(JVM_ROOT).map((name) => join(JVM_ROOT, name)) : [];
  if (process.env.JAVA_HOME) roots.push(process.env.JAVA_HOME);
  for (const home of roots) {
    if (!existsSync(join(home, 'bin', 'java'))) continue;
    const major = javaMajor(home);
    if (major !== null && major >= minMajor) candidates.push({ home, major });
  }
  candidates.sort((a, b) => b.major - a.major || a.home.localeCompare(b.home));
  const best = candidates[0];
  if (!best) {
    throw new ServiceStartError(
      `no JDK ${minMajor}+ found under ${JVM_ROOT} or JAVA_HOME; Elasticsearch 9 needs one (set ES_JAVA_HOME)`,
    );
  }
  return best.home;
}
