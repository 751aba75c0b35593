#!/usr/bin/env node
// The `latent-sky` bin: runs the TypeScript CLI through tsx (a dependency), so the CLI is the app's
// own source with no build step and no second, compiled copy to keep in step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
