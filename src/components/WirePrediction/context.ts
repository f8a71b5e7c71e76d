import { createContext } from 'react';
import type { LabSummary } from '../../labs/types';
import type { WirePredictionStore } from './wire-store';

/** The opened C lab's predictions, for the packet view (KernelPanel), which shows their grades. */
export const WirePredictionContext = createContext<{ store: WirePredictionStore; summary: LabSummary } | null>(null);
