// Child process for projector-kill.test.ts: projects one shop's events in small batches until done or killed.
import { openPool } from '../../hq/db';
import { projectShop } from '../../hq/projections';

const [url, shopId, batch] = process.argv.slice(2);
const pool = openPool(url!, 2);
process.stdout.write('ready\n');
await projectShop(pool, shopId!, Number(batch));
await pool.end();
process.stdout.write('done\n');
