import { build } from 'esbuild';
const root='/work/wt/integ/packages';
const r = await build({ stdin:{contents:`const use=(...x)=>{globalThis.k=x};import { restrictionsAt } from '${root}/questions/src/index.ts'; use(restrictionsAt);`, resolveDir:process.cwd(), loader:'js'}, bundle:true, minify:true, format:'esm', platform:'browser', target:'es2022', write:false, metafile:true, logLevel:'silent',
 plugins:[{name:'ws',setup(b){b.onResolve({filter:/^@ldn-twin\//},a=>{const [,pkg,...rest]=a.path.split('/'); const sub=rest.join('/'); const p= sub? (pkg==='connectors'? `${root}/connectors/src/${sub}/index.ts` : `${root}/${pkg}/src/${sub}.ts`) : `${root}/${pkg}/src/index.ts`; return {path:p};});}}]});
const out = Object.values(r.metafile.outputs)[0];
for (const [p,i] of Object.entries(out.inputs).filter(([p])=>!p.includes('node_modules')).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput).slice(0,40)) console.log(p.replace(/^.*packages\//,''), (i.bytesInOutput/1024).toFixed(1));
import {gzipSync} from 'node:zlib'; console.log('gzip', (gzipSync(r.outputFiles[0].contents,{level:9}).length/1024).toFixed(1));
