// corpus entry: graphql@16.10.0
const { buildSchema, graphqlSync } = require('graphql');
const s = buildSchema('type Query { a: Int }');
console.log(JSON.stringify(graphqlSync({ schema: s, source: '{ a }', rootValue: { a: 1 } })));
