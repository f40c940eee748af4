// corpus entry: graphql-yoga@5.10.9
const { createYoga, createSchema } = require('graphql-yoga');
const y = createYoga({ schema: createSchema({ typeDefs: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } } }) });
Promise.resolve(y.fetch('http://x/graphql?query={a}')).then(async (r) => console.log(await r.text()));
