// Runs one evaluation measurement in its own process, so its peak memory is its own.
import { measureEvaluation } from './bench-core-eval.js';

const count = Number(process.argv[2] ?? '200');
const runs = Number(process.argv[3] ?? '5');
const figures = await measureEvaluation(count, runs);
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...figures, peakRssMb })}\n`);
