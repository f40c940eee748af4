// corpus entry: rxjs@7.8.1
const { of, map } = require('rxjs');
of(1, 2).pipe(map((x) => x * 2)).subscribe((x) => console.log(x));
