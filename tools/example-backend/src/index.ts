import { registerBackend } from '@mfnet/tensor';
import { PlainBackend } from './plain-backend.js';

export { PlainBackend } from './plain-backend.js';

// Importing this package registers the backend: then setBackend('plain') is the one line.
registerBackend('plain', () => new PlainBackend());
