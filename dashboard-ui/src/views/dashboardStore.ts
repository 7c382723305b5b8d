// The dashboard kept in localStorage (`livedash.dashboard`), mirrored from the dashboard's URL.

import { DASHBOARD_STORAGE_KEY, decodeLayout, encodeLayout, MAX_WIDGETS, type WidgetSpec } from './dashboardLayout';
import { dashboardHref } from './routes';

export function loadStoredLayout(): WidgetSpec[] {
  try {
    return decodeLayout(localStorage.getItem(DASHBOARD_STORAGE_KEY));
  } catch {
    return [];
  }
}

export function storeLayout(widgets: readonly WidgetSpec[]): void {
  try {
    localStorage.setItem(DASHBOARD_STORAGE_KEY, encodeLayout(widgets));
  } catch {
    // storage full or blocked: the URL still holds the layout
  }
}

/** Appends widgets to the stored dashboard and opens it. */
export function addToDashboard(widgets: readonly WidgetSpec[]): void {
  const layout = [...loadStoredLayout(), ...widgets].slice(0, MAX_WIDGETS);
  storeLayout(layout);
  location.hash = dashboardHref(encodeLayout(layout));
}
