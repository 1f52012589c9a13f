/**
 * Start-up time of the installed command, as ratios to `node -e 0` measured in the same
 * rounds (the machine's load moves both alike): `--help`, `logs` on a small file (to the
 * process's exit), and `tail` to its first frame in a real terminal (tmux, capture-pane
 * polled every 5 ms). Rounds alternate the cases so drift spreads evenly; medians are reported.
 * Runs the compiled CLI: build first (`npm run build:js`; `npm run bench startup` does).
 *
 *   node --import tsx bench/startup.bench.ts [--rounds 15]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './measure.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'lambdalens.mjs');
const SMALL = join(root, 'test', 'fixtures', 'tail', 'invocations.ndjson');
const TMUX = '/usr/bin/tmux';
const at = process.argv.indexOf('--rounds');
const rounds = at >= 0 ? Number(process.argv[at + 1]) : 15;

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

function timeProcess(args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', cwd: root });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** From starting `tail` in a fresh tmux session to the status bar on screen. */
function timeFirstFrame(): number {
  const session = `lambdalens-startup-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync(TMUX, ['-f', '/dev/null', ...args], { encoding: 'utf8' });
  const start = process.hrtime.bigint();
  tmux(
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    '160',
    '-y',
    '40',
    '-c',
    root,
    `${process.execPath} ${bin} tail ${SMALL}`,
  );
  try {
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-t', session);
      if (/invocations/i.test(screen)) return Number(process.hrtime.bigint() - start) / 1e6;
      if (Number(process.hrtime.bigint() - start) / 1e6 > 20_000) throw new Error(`no frame:\n${screen}`);
      spawnSync('sleep', ['0.005']);
    }
  } finally {
    tmux('kill-session', '-t', session);
  }
}

const cases: [string, () => number][] = [
  ['node -e 0', () => timeProcess(['-e', '0'])],
  ['lambdalens --help', () => timeProcess([bin, '--help'])],
  ['lambdalens logs <small file>', () => timeProcess([bin, 'logs', SMALL])],
  ['lambdalens tail: first frame', timeFirstFrame],
];
const samples = new Map<string, number[]>(cases.map(([name]) => [name, []]));
for (let i = 0; i < rounds; i++) for (const [name, run] of cases) samples.get(name)!.push(run());

const base = median(samples.get('node -e 0')!);
console.log(`${rounds} rounds, medians; ratio to node -e 0 in the same rounds`);
for (const [name] of cases) {
  const m = median(samples.get(name)!);
  console.log(`${name.padEnd(32)} ${m.toFixed(0).padStart(6)} ms  ${(m / base).toFixed(2)}×`);
}
