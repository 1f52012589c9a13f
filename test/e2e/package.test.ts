/**
 * The package as a user gets it: `npm pack` (which builds through `prepack`), then
 * `npm install -g` of the tarball into an empty prefix with production dependencies only,
 * then every command of the installed `lambdalens`, against the run's Elasticsearch and moto.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEndpointUrl, esUrl, uniqueName } from '../services/clients.ts';
import { FAKE_AWS } from '../support/cli.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lambdalens-pack-'));
const prefix = join(dir, 'prefix');
const installed = join(prefix, 'bin', 'lambdalens');
const FILE = join(root, 'test', 'fixtures', 'tail', 'invocations.ndjson');

function lambdalens(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(installed, args, {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: dir, AWS_CONFIG_FILE: '/nonexistent', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const npm = (args: string[]) =>
    execFileSync('npm', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir])) as { filename: string }[];
  const tarball = join(dir, packed[0]!.filename);
  npm([
    'install',
    '-g',
    '--prefix',
    prefix,
    '--omit=dev',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    tarball,
  ]);
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack, npm install -g, then every command', () => {
  it('installs compiled code only, with no TypeScript loader among the dependencies', () => {
    const pkg = join(prefix, 'lib', 'node_modules', 'lambdalens');
    expect(existsSync(join(pkg, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'cli', 'main.js.map'))).toBe(true);
    expect(existsSync(join(pkg, 'dist', 'types', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(pkg, 'cli'))).toBe(false);
    const deps = readdirSync(join(pkg, 'node_modules'));
    for (const loader of ['tsx', 'typescript', 'esbuild', 'vitest']) expect(deps).not.toContain(loader);
  });

  it('--help and --version', () => {
    const help = lambdalens(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['logs', 'cost', 'tail', 'ship', 'es', 'functions'])
      expect(help.stdout).toContain(command);
    expect(lambdalens(['--version']).stdout.trim()).toBe('0.1.0');
  });

  it('logs, tail (piped) and ship (NDJSON) read a file', () => {
    const logs = lambdalens(['logs', FILE, '-o', 'ndjson']);
    expect(logs.code).toBe(0);
    const invocations = logs.stdout.trim().split('\n');
    expect(invocations).toHaveLength(8);
    expect(lambdalens(['tail', FILE, '-o', 'ndjson']).stdout).toBe(logs.stdout);
    const ship = lambdalens(['ship', FILE, '--to', '-']);
    expect(ship.code).toBe(0);
    expect(ship.stderr).toContain('documents');
  });

  it('cost prices the file', () => {
    const cost = lambdalens(['cost', FILE, '--arch', 'x86_64', '--region', 'us-east-1', '-o', 'json']);
    expect(cost.code).toBe(0);
    expect((JSON.parse(cost.stdout) as { totals: { invocations: number } }).totals.invocations).toBe(8);
  });

  it('es setup talks to Elasticsearch, functions to AWS', () => {
    const es = lambdalens(['es', 'setup', '--es-url', esUrl(), '--index-prefix', uniqueName('pack')]);
    expect(es.stderr).toBe('');
    expect(es.code).toBe(0);
    const fns = lambdalens(['functions', '--all', '-o', 'json', '--endpoint-url', awsEndpointUrl()], {
      ...FAKE_AWS,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(fns.stderr).toBe('');
    expect(fns.code).toBe(0);
    expect(Array.isArray(JSON.parse(fns.stdout))).toBe(true);
  });

  it('loads as a library', () => {
    const lib = join(prefix, 'lib', 'node_modules');
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('lambdalens'); console.log(typeof m.readInvocations, typeof m.estimate)",
      ],
      { cwd: lib, encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('function function');
  });
});
