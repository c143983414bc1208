import { createContext, useContext } from 'react';
import type { Country, FrameworkSummary } from './api';
import type { FrameworkModel } from './model';
import type { View } from './route';

/** What every view has, with or without a framework build: the country reference and the route. */
export interface BaseState {
  countries: ReadonlyMap<string, Country>;
  countryList: readonly Country[];
  params: URLSearchParams;
  go(view: View, params?: Record<string, string | undefined>, replace?: boolean): void;
  /** A country's name in the interface language. */
  name(iso3: string): string;
}

/** What the index views have besides: the chosen framework's model and year. */
export interface AppState extends BaseState {
  frameworks: readonly FrameworkSummary[];
  model: FrameworkModel;
  year: number;
}

export const BaseContext = createContext<BaseState | null>(null);
export const AppContext = createContext<AppState | null>(null);

export function useBase(): BaseState {
  const state = useContext(BaseContext);
  if (!state) throw new Error('useBase: used outside the application');
  return state;
}

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp: used outside the application');
  return state;
}
