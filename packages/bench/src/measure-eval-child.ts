// Runs one evaluation measurement in its own process, so its peak memory is its own.
// Arguments: count, runs, and `noopen` to leave out the whole-open measurement.
import { measureEvaluation } from './bench-core-eval.js';

const count = Number(process.argv[2] ?? '200');
const runs = Number(process.argv[3] ?? '5');
const open = process.argv[4] !== 'noopen';
const figures = await measureEvaluation(count, runs, open);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...figures, peakRssMb })}\n`);
