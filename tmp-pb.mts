import { projectionBench } from './bench/projectionBench';
await projectionBench([10_000]);
