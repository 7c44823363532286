import { InvalidTransitionError } from './errors';
import { assertTransition, canTransition, Transitions } from './transitions';

type Light = 'red' | 'green' | 'yellow';
const LIGHT: Transitions<Light> = { red: ['green'], green: ['yellow'], yellow: ['red'] };

describe('transitions', () => {
  it('allows only the declared moves', () => {
    expect(canTransition(LIGHT, 'red', 'green')).toBe(true);
    expect(canTransition(LIGHT, 'red', 'yellow')).toBe(false);
    expect(canTransition(LIGHT, 'red', 'red')).toBe(false);
  });

  it('names the refused move', () => {
    expect(() => assertTransition('Light', LIGHT, 'green', 'red')).toThrow(new InvalidTransitionError('Light', 'green', 'red'));
  });
});
