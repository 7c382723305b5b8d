// A small element builder: views build their DOM once and then only change text and attributes.

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Sets text only when it changed: an unchanged write still costs style and layout work. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function setAttr(element: Element, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

let nextId = 0;
/** A page-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * A tag-set label (`host=a,region=eu`) that may wrap after its commas rather than inside a value:
 * <wbr> marks the break points without changing the text.
 */
export function breakableLabel(label: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  label.split(',').forEach((part, index) => {
    if (index > 0) fragment.append(',', document.createElement('wbr'));
    fragment.append(part);
  });
  return fragment;
}

/** A metric name (`livedash.gateway.events_per_second`) that wraps after its dots and underscores. */
export function breakableName(name: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const part of name.split(/(?<=[._/-])/)) {
    if (fragment.childNodes.length > 0) fragment.append(document.createElement('wbr'));
    fragment.append(part);
  }
  return fragment;
}
