// Puts the keyboard on the first field of a screen when it appears (an action rather than the
// `autofocus` attribute, which WebKit applies only on page load).
export function focusOnMount(node: HTMLElement, enabled: boolean = true): void {
  if (enabled) queueMicrotask(() => node.focus());
}
