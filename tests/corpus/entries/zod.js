// corpus entry: zod@3.24.1
const { z } = require('zod');
console.log(z.object({ a: z.number() }).safeParse({ a: 1 }).success);
