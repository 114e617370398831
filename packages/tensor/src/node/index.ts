export { tempPathFor, writeFileAtomic } from './atomic-write.js';
export {
  createThreadedCpuBackend,
  DEFAULT_THREAD_THRESHOLD,
  ThreadedCpuBackend,
  type ThreadedCpuBackendOptions,
} from './threaded-cpu-backend.js';
