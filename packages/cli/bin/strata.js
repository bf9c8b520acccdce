#!/usr/bin/env node
// The installed entry point. dist/bundle holds the CLI bundled into a few modules (fast start-up);
// dist/main.js is the same code as compiled, file by file.
import { main } from '../dist/bundle/strata.mjs';

main();
