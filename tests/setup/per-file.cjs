// Runs before each test file: its own topic namespace on the shared broker.
const { randomBytes } = require('node:crypto');
process.env.KAFKA_TOPIC_PREFIX = `t-${randomBytes(4).toString('hex')}.`;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
