import { useRef, type KeyboardEvent } from 'react';

/**
 * A vertical ARIA tab list (WAI-ARIA "tabs" pattern, automatic activation): one tab in the Tab
 * order, ↑/↓ move and select, Home/End jump to the ends. Vertical, so the arrows mean the same in
 * Arabic as in English.
 */
export function AreaTabs<Id extends string>({
  ids,
  selected,
  label,
  title,
  onSelect,
}: {
  ids: readonly Id[];
  selected: Id;
  label: string;
  title(id: Id): string;
  onSelect(id: Id): void;
}) {
  const tabs = useRef(new Map<Id, HTMLButtonElement>());

  function move(event: KeyboardEvent, index: number) {
    const last = ids.length - 1;
    const forward = index === last ? 0 : index + 1;
    const back = index === 0 ? last : index - 1;
    // In a narrow slot the tabs wrap into rows above the area: ←/→ then move too, in reading order.
    const rtl = getComputedStyle(event.currentTarget).direction === 'rtl';
    const next = { ArrowDown: forward, ArrowUp: back, ArrowRight: rtl ? back : forward, ArrowLeft: rtl ? forward : back, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const id = ids[next]!;
    onSelect(id);
    tabs.current.get(id)?.focus();
  }

  return (
    <div className="settings-tabs" role="tablist" aria-label={label} aria-orientation="vertical">
      {ids.map((id, index) => (
        <button
          key={id}
          ref={(el) => {
            if (el) tabs.current.set(id, el);
            else tabs.current.delete(id);
          }}
          type="button"
          role="tab"
          id={tabId(id)}
          aria-selected={id === selected}
          aria-controls={panelId(id)}
          tabIndex={id === selected ? 0 : -1}
          onClick={() => onSelect(id)}
          onKeyDown={(e) => move(e, index)}
        >
          {title(id)}
        </button>
      ))}
    </div>
  );
}

export const tabId = (id: string) => `settings-tab-${id}`;
export const panelId = (id: string) => `settings-area-${id}`;
