/**
 * Generates `count` environments in an import DAG: each imports up to five earlier ones and defines
 * 50 values (objects, arrays, interpolations, references and builtins) over a shared key space, the
 * way a team's environments layer the same settings.
 */
export function generateEnvironments(count: number, seed = 1): Map<string, string> {
  // mulberry32: a small PRNG whose low bits are as random as its high ones.
  let state = seed >>> 0;
  const random = (n: number) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) >>> 0;
  };
  const out = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const lines: string[] = [];
    const importCount = Math.min(i, random(6));
    if (importCount > 0) {
      lines.push('imports:');
      const chosen = new Set<number>();
      while (chosen.size < importCount) chosen.add(i - 1 - random(Math.min(i, 20)));
      for (const j of [...chosen].sort((a, b) => a - b)) lines.push(`  - gen/e${j}`);
    }
    lines.push('values:');
    lines.push(`  name: service-${i}`);
    lines.push(`  region: region-${random(4)}`);
    lines.push(`  port: ${1000 + random(9000)}`);
    lines.push(`  enabled: ${random(2) === 0}`);
    lines.push(`  ratio: ${random(100) / 10}`);
    lines.push('  app:');
    const appKeys = [...new Set(Array.from({ length: 10 }, () => `k${random(20)}`))];
    for (const [k, key] of appKeys.entries()) lines.push(`    ${key}: value-${i}-${k}`);
    lines.push('    url: https://${name}.${region}.example:${port}/v1');
    lines.push(`    label: \${name}-\${app.${appKeys[random(appKeys.length)]!}}`);
    lines.push('  db:');
    lines.push(`    host: db-${i}.internal`);
    lines.push('    user: svc_${name}');
    lines.push('    password:');
    lines.push(`      fn::secret: pw-${i}-${random(1_000_000)}`);
    lines.push('    url: postgres://${db.user}:${db.password}@${db.host}:5432/${name}');
    lines.push('  tags: [a, b, c, "${name}", "${region}"]');
    lines.push('  joined:');
    lines.push('    fn::join: [",", "${tags}"]');
    lines.push('  split:');
    lines.push('    fn::split: [",", "x,y,${region}"]');
    lines.push('  both:');
    lines.push('    fn::concat: [["${name}"], "${tags}", [1, 2]]');
    lines.push('  json:');
    lines.push('    fn::toJSON: ${app}');
    lines.push('  parsed:');
    lines.push(`    fn::fromJSON: '{"a": ${i}, "b": [1, 2, {"c": "d"}]}'`);
    lines.push('  encoded:');
    lines.push('    fn::toBase64: ${db.url}');
    lines.push('  decoded:');
    lines.push('    fn::fromBase64: ${encoded}');
    lines.push('  text:');
    lines.push('    fn::toString: ${tags}');
    lines.push('  nested:');
    lines.push('    level1:');
    lines.push('      level2:');
    lines.push('        level3: ${app.url}');
    lines.push('        list: [1, 2.5, "three", null, true]');
    lines.push('  environmentVariables:');
    lines.push('    SERVICE: ${name}');
    lines.push('    DATABASE_URL: ${db.url}');
    lines.push('    PORT: ${port}');
    lines.push('  files:');
    lines.push('    CONFIG_JSON: ${json}');
    const extras = new Set(Array.from({ length: 8 }, () => `extra${random(20)}`));
    for (const [k, key] of [...extras].entries())
      lines.push(`  ${key}: "\${name}/${k}/\${region}"`);
    out.set(`gen/e${i}`, `${lines.join('\n')}\n`);
  }
  return out;
}
