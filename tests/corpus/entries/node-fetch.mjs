// corpus entry: node-fetch@3.3.2
import fetch, { Headers } from 'node-fetch';
console.log(typeof fetch, new Headers({ a: '1' }).get('a'));
