/** The part of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface Options { url: string; connections?: number; duration?: number; pipelining?: number; timeout?: number }
  interface Histogram { average: number; mean: number; p50: number; p90: number; p97_5: number; p99: number; max: number }
  export interface Result { requests: Histogram & { total: number }; latency: Histogram; errors: number; timeouts: number; non2xx: number; '2xx': number; duration: number }
  interface Instance extends EventEmitter, PromiseLike<Result> {}
  function autocannon(options: Options): Instance;
  export default autocannon;
}
