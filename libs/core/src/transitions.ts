import { InvalidTransitionError } from './errors';

/** Which states each state may move to. Lifecycles declare one of these and nothing else. */
export type Transitions<S extends string> = { readonly [From in S]: readonly S[] };

export function canTransition<S extends string>(map: Transitions<S>, from: S, to: S): boolean {
  return map[from].includes(to);
}

export function assertTransition<S extends string>(entity: string, map: Transitions<S>, from: S, to: S): void {
  if (!canTransition(map, from, to)) throw new InvalidTransitionError(entity, from, to);
}
