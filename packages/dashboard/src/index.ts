export type { DashboardHandler, DashboardOptions } from "./dashboard-handler";
export { createDashboard, DASHBOARD_CSP } from "./dashboard-handler";
export type { DashboardPage } from "./dashboard-pages";
export { DASHBOARD_PAGES } from "./dashboard-pages";
