// corpus entry: bullmq (Lua scripts as modules; no Redis connection)
const { Queue, Worker, Job } = require('bullmq');
console.log(typeof Queue, typeof Worker, typeof Job.fromJSON);
