import { salesDatabase } from './data/sales-db';
console.log(salesDatabase());
