import { defineCommand } from '../command.js';
import { MAX_SIZE } from '../shared-flags.js';

export const serve = defineCommand({
  path: 'serve',
  summary: "Run a Strata server: ESC's HTTP API over a store, for a team",
  usage: '',
  examples: [
    'strata serve --backend sqlite:///var/lib/strata/strata.db --init-admin alice --org acme',
    'strata serve --listen 0.0.0.0:8443 --tls-cert cert.pem --tls-key key.pem',
    'strata serve --listen 127.0.0.1:8080 --trust-proxy 127.0.0.1',
    'strata serve --backend "s3://team-envs/strata?region=eu-west-1" --listen 127.0.0.1:8080',
  ],
  flags: {
    listen: {
      type: 'string',
      description: 'the address to listen on (default 127.0.0.1:8080)',
      placeholder: 'host:port',
    },
    backend: {
      type: 'string',
      description: 'the store to serve (default: $STRATA_BACKEND, else the stored or default one)',
      placeholder: 'url',
    },
    'init-admin': {
      type: 'string',
      description: 'on an empty store: create the organization and this admin, print their token',
      placeholder: 'login',
    },
    'tls-cert': {
      type: 'string',
      description: 'serve HTTPS with this certificate (PEM)',
      placeholder: 'file',
    },
    'tls-key': { type: 'string', description: 'the key of --tls-cert (PEM)', placeholder: 'file' },
    'trust-proxy': {
      type: 'string',
      description:
        'behind a reverse proxy: its addresses or CIDR ranges (comma-separated), whose X-Forwarded-For to believe',
      placeholder: 'addrs',
    },
    'max-definition-size': MAX_SIZE,
  },
});
