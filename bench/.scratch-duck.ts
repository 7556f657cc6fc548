import { generateProfile } from './generate.js';
import { PROFILES } from './profiles.js';
import { questions, ReferenceEngine } from './reference.js';
const m = await generateProfile(PROFILES.province, '/tmp/vb/province');
let t = performance.now();
const e = await ReferenceEngine.load(m);
console.log('load', (performance.now() - t) / 1000, await e.count());
console.log(await e.time(questions({ root: '130000', region: '130100', rankWithin: '130000', year: 2025 })));
e.close();
