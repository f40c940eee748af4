// corpus entry: @aws-sdk/client-s3@3.721.0
const { S3Client, ListBucketsCommand } = require('@aws-sdk/client-s3');
const c = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
console.log(typeof c.send, new ListBucketsCommand({}).constructor.name);
