#!/usr/bin/env node
// The installed entry point: everything lives in the compiled dist/main.js.
import { main } from '../dist/main.js';

main();
