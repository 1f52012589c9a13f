/**
 * The two search engines lambdalens ships to, as the single-node distributions it can run
 * locally: the "integ-test" zips both projects publish on Maven Central (no bundled JDK, no
 * security plugin, no X-Pack), the same ones for the test services and `dev-cluster`.
 */
import type { JavaRange } from './java.ts';

export type SearchEngine = 'elasticsearch' | 'opensearch';
export const SEARCH_ENGINES: readonly SearchEngine[] = ['elasticsearch', 'opensearch'];

export function isSearchEngine(value: unknown): value is SearchEngine {
  return value === 'elasticsearch' || value === 'opensearch';
}

/**
 * The newest versions found on Maven Central whose zips start here: Elasticsearch 9.x is
 * published there sparsely, OpenSearch 2.19.6 is the last 2.x (it runs on Java 17, the
 * Debian default; 3.6.0 also works and needs Java 21+). Override with ES_VERSION /
 * OPENSEARCH_VERSION.
 */
export const DEFAULT_VERSIONS: Readonly<Record<SearchEngine, string>> = {
  elasticsearch: '9.5.4',
  opensearch: '2.19.6',
};

export interface Distribution {
  engine: SearchEngine;
  version: string;
  /** Maven coordinates of the zip. */
  group: string;
  artifact: string;
  /** The launcher script, relative to the unpacked home. */
  launcher: string;
  configFile: string;
  java: JavaRange;
  /**
   * Environment variable names the launcher reads; `cliJavaOpts`, where there is one, gives
   * options to the small JVM that starts the node (it works out the node's final JVM flags
   * in a temporary folder of its own, which it leaves behind).
   */
  env: { javaHome: string; pathConf: string; tmpDir: string; cliJavaOpts?: string };
  /** Settings beyond the common single-node ones. */
  extraSettings: string[];
  display: string;
}

const major = (version: string) => Number.parseInt(version, 10) || 0;

export function distribution(engine: SearchEngine, version = defaultVersion(engine)): Distribution {
  if (engine === 'elasticsearch') {
    return {
      engine,
      version,
      group: 'org.elasticsearch.distribution.integ-test-zip',
      artifact: 'elasticsearch',
      launcher: 'bin/elasticsearch',
      configFile: 'elasticsearch.yml',
      java: { min: major(version) >= 9 ? 21 : 17 },
      env: {
        javaHome: 'ES_JAVA_HOME',
        pathConf: 'ES_PATH_CONF',
        tmpDir: 'ES_TMPDIR',
        cliJavaOpts: 'CLI_JAVA_OPTS',
      },
      extraSettings: ['xpack.security.enabled: false'],
      display: `Elasticsearch ${version}`,
    };
  }
  return {
    engine,
    version,
    group: 'org.opensearch.distribution.integ-test-zip',
    artifact: 'opensearch',
    launcher: 'bin/opensearch',
    configFile: 'opensearch.yml',
    // 3.x dropped the Security Manager and needs 21; 2.x still installs it, which JDK 24 removed.
    java: major(version) >= 3 ? { min: 21 } : { min: 11, max: 23 },
    env: { javaHome: 'OPENSEARCH_JAVA_HOME', pathConf: 'OPENSEARCH_PATH_CONF', tmpDir: 'OPENSEARCH_TMPDIR' },
    extraSettings: [],
    display: `OpenSearch ${version}`,
  };
}

export function defaultVersion(engine: SearchEngine, env: NodeJS.ProcessEnv = process.env): string {
  const given = engine === 'elasticsearch' ? env.ES_VERSION : env.OPENSEARCH_VERSION;
  return given || DEFAULT_VERSIONS[engine];
}

/** The node's settings file: one node on loopback, no disk watermarks, nothing from the network. */
export function nodeSettings(
  dist: Distribution,
  node: { httpPort: number; transportPort: number; dataDir: string; logsDir: string; clusterName: string },
): string {
  return [
    `cluster.name: ${node.clusterName}`,
    'node.name: node-1',
    'discovery.type: single-node',
    'network.host: 127.0.0.1',
    `http.port: ${node.httpPort}`,
    `transport.port: ${node.transportPort}`,
    `path.data: ${node.dataDir}`,
    `path.logs: ${node.logsDir}`,
    'cluster.routing.allocation.disk.threshold_enabled: false',
    'action.destructive_requires_name: false',
    ...dist.extraSettings,
    '',
  ].join('\n');
}
