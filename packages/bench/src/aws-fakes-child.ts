// The fake Secrets Manager and SSM the aws.* figures read from, in a process of their own (as
// AWS is elsewhere: the provider under measurement gets its own core). Every call waits
// argv[2] ms before its answer; the endpoints go back to the parent over IPC.
import { startFakeSecretsManager, startFakeSsm, staticCredentials } from '@strata/testkit-aws';

export const AWS_FAKE_REGION = 'us-east-1';
export const AWS_FAKE_KEYS = { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench-secret' };
export const AWS_FAKE_COUNT = 20;

if (process.send !== undefined) {
  const fakes = {
    region: AWS_FAKE_REGION,
    latencyMs: Number(process.argv[2] ?? 0),
    credentials: staticCredentials({ [AWS_FAKE_KEYS.accessKeyId]: AWS_FAKE_KEYS.secretAccessKey }),
  };
  const secrets = await startFakeSecretsManager(fakes);
  const ssm = await startFakeSsm(fakes);
  for (let i = 0; i < AWS_FAKE_COUNT; i++) {
    secrets.putSecret(`app/s${i}`, `secret-${i}`);
    ssm.putParameter(`/app/p${i}`, `value-${i}`, i % 2 === 0 ? { type: 'SecureString' } : {});
  }
  process.send({ secrets: secrets.endpoint, ssm: ssm.endpoint });
  process.on('disconnect', () => process.exit(0));
}
