// corpus entry: axios@1.7.9
const axios = require('axios');
console.log(typeof axios.get, axios.getUri({ url: '/a', params: { b: 1 } }));
