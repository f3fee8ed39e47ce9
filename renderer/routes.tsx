import { lazy, type ComponentType } from 'react';
import { hasRole, type Role } from '../core/roles';
import type { MessageKey } from './i18n';
import { CashReportScreen } from './screens/CashReport';
import { ReturnsScreen } from './screens/Returns';
import { SellScreen } from './screens/Sell';

/**
 * One entry per screen of the navigation shell. To add a screen: write a component (manager screens
 * in screens/manager/, default export so it loads lazily), add its label to the three catalogs in
 * i18n/, and add a row here. The shell builds the menu, the role filter and the hotkeys from this table.
 */
export interface RouteDef {
  /** Stable id, also the URL hash (#/sell). */
  id: string;
  labelKey: MessageKey;
  /** Lowest role that sees the entry (the server enforces roles anyway). */
  minRole: Role;
  /** Till screens sell or count a drawer: they need an open cash session; the back office does not. */
  section: 'till' | 'manager';
  /** Function key that opens the screen from anywhere in the shell. */
  hotkey?: string;
  component: ComponentType;
}

const manager = (load: () => Promise<{ default: ComponentType }>): ComponentType => lazy(load);

export const routes: readonly RouteDef[] = [
  {
    id: 'sell',
    labelKey: 'nav.sell',
    minRole: 'cashier',
    section: 'till',
    hotkey: 'F1',
    component: SellScreen,
  },
  {
    id: 'returns',
    labelKey: 'nav.returns',
    minRole: 'cashier',
    section: 'till',
    hotkey: 'F2',
    component: ReturnsScreen,
  },
  {
    id: 'cash',
    labelKey: 'nav.cash',
    minRole: 'cashier',
    section: 'till',
    hotkey: 'F3',
    component: CashReportScreen,
  },
  {
    id: 'receive',
    labelKey: 'nav.receive',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Receive')),
  },
  {
    id: 'deliveries',
    labelKey: 'nav.deliveries',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Deliveries')),
  },
  {
    id: 'stock',
    labelKey: 'nav.stock',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Stock')),
  },
  {
    id: 'transfers',
    labelKey: 'nav.transfers',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Transfers')),
  },
  {
    id: 'catalog',
    labelKey: 'nav.catalog',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Catalog')),
  },
  {
    id: 'cash-close',
    labelKey: 'nav.cashClose',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/CashClose')),
  },
  {
    id: 'certificates',
    labelKey: 'nav.certificates',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Certificates')),
  },
  {
    id: 'settlements',
    labelKey: 'nav.settlements',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Settlements')),
  },
  {
    id: 'invoices',
    labelKey: 'nav.invoices',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Invoices')),
  },
  {
    id: 'customers',
    labelKey: 'nav.customers',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Customers')),
  },
  {
    id: 'dashboard',
    labelKey: 'nav.dashboard',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Dashboard')),
  },
  {
    id: 'tills',
    labelKey: 'nav.tills',
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Tills')),
  },
  {
    id: 'settings',
    labelKey: 'nav.settings',
    // Managers keep cashiers, cooperatives and devices; the shop identity tabs are the admin's (Settings.tsx).
    minRole: 'manager',
    section: 'manager',
    component: manager(() => import('./screens/manager/Settings')),
  },
];

/** Where a manager lands in the back office (the open-session screen's "back office" button). */
export const BACK_OFFICE_ROUTE = 'receive';

export function routesFor(role: Role): RouteDef[] {
  return routes.filter((r) => hasRole(role, r.minRole));
}
