/**
 * Setup file of every test file: its temporary files (and those of the processes it starts
 * with its environment) go in the run's own folder, which the global setup (`build.ts`)
 * removes when the run ends.
 */
import { inject } from 'vitest';

process.env.TMPDIR = inject('runTmpDir');
