import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** ../shared/data beside the repository: real data read at test time, never copied into the repo. */
export const SHARED = process.env.LATENT_SKY_SHARED ?? resolve(import.meta.dirname, '../../../shared/data');
if (!existsSync(SHARED)) throw new Error(`shared data not found at ${SHARED} (set LATENT_SKY_SHARED)`);
export const sharedPath = (...parts: string[]) => resolve(SHARED, ...parts);
