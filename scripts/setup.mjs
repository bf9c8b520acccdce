// Installs dependencies (pinned pnpm, frozen lockfile) and builds every package.
import { pnpm } from './pnpm.mjs';

const install = pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
if (install !== 0) process.exit(install);
const build = pnpm(['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
if (build !== 0) process.exit(build);
