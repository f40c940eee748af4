// corpus entry: objection (on knex; query building only)
const { Model } = require('objection');
const Knex = require('knex');
class Person extends Model { static get tableName() { return 'persons'; } }
Person.knex(Knex({ client: 'pg' }));
console.log(Person.query().where('age', '>', 18).orderBy('name').toKnexQuery().toString());
