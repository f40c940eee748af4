// @datadog/pprof loads its native addon through node-gyp-build, from the
// prebuilds/ folder of the running platform.
const pprof = require('@datadog/pprof');

console.log(typeof pprof.time.start, typeof pprof.heap.start);
