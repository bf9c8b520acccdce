import { defineCommand } from '../command.js';

export const auditVerify = defineCommand({
  path: 'audit verify',
  summary: "Check the audit log's hash chains: says which event was deleted or altered",
  usage: '',
  examples: ['strata audit verify', 'strata audit verify --output json'],
  output: true,
});
