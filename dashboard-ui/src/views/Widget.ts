// What every screen and widget is to its parent: an element to place, and a way to let go of its
// subscriptions when it leaves the page.

export interface Widget {
  readonly element: HTMLElement;
  dispose(): void;
}
