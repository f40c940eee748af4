// corpus entry: got@14.4.5
import got from 'got';
console.log(typeof got.extend, typeof got.stream);
