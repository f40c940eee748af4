// corpus entry: knex@3.1.0
const knex = require('knex')({ client: 'pg' });
console.log(knex('users').where({ id: 1 }).select('name').toString());
