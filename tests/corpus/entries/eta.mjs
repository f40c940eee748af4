// corpus entry: eta
import { Eta } from 'eta';
const eta = new Eta();
console.log(eta.renderString('Hi <%= it.name %>! <% it.xs.forEach(x => { %>[<%= x %>]<% }) %>', { name: 'nft', xs: [1, 2] }));
