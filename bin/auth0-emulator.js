#!/usr/bin/env node
// The `auth0-emulator` command: the bundled CLI (npm run build produces dist/cli.js).
import '../dist/cli.js';
