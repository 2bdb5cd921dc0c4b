/**
 * The app's pages (history routing): the handler answers each with index.html and the app renders
 * it. Anything else outside `/assets/` is not the dashboard's.
 */
export const DASHBOARD_PAGES = [
  "/",
  "/connectors",
  "/accounts",
  "/triggers",
  "/triggers/new",
  "/events",
  "/endpoints",
] as const;

export type DashboardPage = (typeof DASHBOARD_PAGES)[number];

/** The page a path names (a trailing slash is allowed), or undefined. */
export function dashboardPage(pathname: string): DashboardPage | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return (DASHBOARD_PAGES as readonly string[]).includes(path)
    ? (path as DashboardPage)
    : undefined;
}
