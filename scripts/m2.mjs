import { BUDGETS, measure } from './bundle-budgets.mjs';
const m = await measure(BUDGETS[4]); console.log(m.gzip, m.raw, 200*1024 - m.gzip);
