#!/usr/bin/env node
// The installed entry point (CommonJS: see bin/package.json). dist/bundle holds the CLI bundled
// into CommonJS chunks, compiled through V8's code cache so that start-ups after the first skip
// parsing and compiling them; dist/main.js is the same code as ES modules, file by file.
'use strict';
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'bundle');
const cache = require(join(bundle, 'compile-cache.cjs'));
cache.enableCompileCache(bundle, cache.commandVariant(process.argv.slice(2)));
require(join(bundle, 'strata.cjs')).main();
