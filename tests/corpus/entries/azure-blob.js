// corpus entry: @azure/storage-blob@12.26.0
const { BlobServiceClient } = require('@azure/storage-blob');
console.log(typeof BlobServiceClient.fromConnectionString);
