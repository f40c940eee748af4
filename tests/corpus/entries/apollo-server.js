// corpus entry: @apollo/server@4.11.3
const { ApolloServer } = require('@apollo/server');
const s = new ApolloServer({ typeDefs: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } } });
s.executeOperation({ query: '{ a }' }).then((r) => console.log(JSON.stringify(r.body.singleResult.data)));
