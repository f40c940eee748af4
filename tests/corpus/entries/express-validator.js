// corpus entry: express-validator (run against a plain request object)
const { body, validationResult } = require('express-validator');
const req = { body: { email: 'nope', age: '20' } };
Promise.all([body('email').isEmail().run(req), body('age').isInt().run(req)])
  .then(() => console.log(JSON.stringify(validationResult(req).array().map((e) => e.path))));
