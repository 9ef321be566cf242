// Runs before each test file: its own topic namespace on the shared broker, under the
// run's id so the teardown removes this run's topics and no one else's.
const { randomBytes } = require('node:crypto');
const run = process.env.CHARTS_VIBE_TEST_RUN ?? 'adhoc';
process.env.KAFKA_TOPIC_PREFIX = `t-${run}-${randomBytes(3).toString('hex')}.`;
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
