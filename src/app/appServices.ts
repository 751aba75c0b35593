import { useStore } from '../state/store';
import { createAppServices } from './services';

/** The app's one set of controllers (main.tsx starts them and provides them to the UI; the file routing and the API reach them here). */
export const appServices = createAppServices(useStore);
