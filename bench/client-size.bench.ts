// The browser client's weight: each way of using `coatcheck/client` bundled from the built files
// with esbuild (minified, tree-shaken, ESM), then gzipped. Run with `npm run bench` (builds first).
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = new URL('../dist/client/index.js', import.meta.url).pathname;
const uses: Record<string, string> = {
  'cookie sessions (createCookieClient)': 'createCookieClient',
  'token client, Bearer (createTokenClient)': 'createTokenClient',
  'token client with DPoP (createTokenClient + createDpopSigner)': 'createTokenClient, createDpopSigner',
};
const aims: Record<string, number> = {
  'cookie sessions (createCookieClient)': 3072,
  'token client with DPoP (createTokenClient + createDpopSigner)': 6144,
};

console.log('| use | minified bytes | min+gzip bytes | aim |');
console.log('|---|---|---|---|');
for (const [name, imports] of Object.entries(uses)) {
  const result = await build({
    stdin: {
      contents: `import { ${imports} } from ${JSON.stringify(entry)};\nglobalThis.use = [${imports}];`,
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const aim = aims[name];
  console.log(
    `| ${name} | ${code.length} | ${gz} | ${aim ? `< ${aim} ${gz < aim ? '(met)' : '(NOT met)'}` : '—'} |`,
  );
}
