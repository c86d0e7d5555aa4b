// Colors used by the screens; none at all when NO_COLOR is set (no-color.org).
export const noColor = (): boolean => 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';

export function color(name: 'green' | 'red' | 'yellow' | 'cyan' | 'gray' | 'magenta'): string | undefined {
  return noColor() ? undefined : name;
}
