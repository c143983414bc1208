import { createContext, useContext } from 'react';
import type { Country, FrameworkSummary } from './api';
import type { FrameworkModel } from './model';
import type { View } from './route';

export interface AppState {
  countries: ReadonlyMap<string, Country>;
  countryList: readonly Country[];
  frameworks: readonly FrameworkSummary[];
  model: FrameworkModel;
  year: number;
  params: URLSearchParams;
  go(view: View, params?: Record<string, string | undefined>, replace?: boolean): void;
  /** A country's name in the interface language. */
  name(iso3: string): string;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp: used outside the application');
  return state;
}
