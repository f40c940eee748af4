// corpus entry: stripe@17.5.0
const Stripe = require('stripe');
const s = new Stripe('sk_test_x');
console.log(typeof s.customers.create);
