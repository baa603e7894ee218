/**
 * The rounds-planner benchmarks (run.ts loads this list): Node alone, no renderer build and no browser.
 */
import type { NodeBench } from '../support';
import autoplan from './autoplan.bench';

export const roundsBenches: readonly NodeBench[] = [autoplan];
