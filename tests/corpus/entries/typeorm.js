// corpus entry: typeorm (EntitySchema and metadata; no database connection)
require('reflect-metadata');
const { DataSource, EntitySchema } = require('typeorm');
const User = new EntitySchema({ name: 'user', columns: { id: { type: Number, primary: true, generated: true }, name: { type: String } } });
const ds = new DataSource({ type: 'postgres', entities: [User] });
console.log(ds.isInitialized, ds.options.type, typeof ds.getRepository);
