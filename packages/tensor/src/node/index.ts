export { tempPathFor, writeFileAtomic } from './atomic-write.js';
