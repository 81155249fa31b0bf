import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

// A fixed-row-height virtual list that stays usable at a million rows. Browsers cap an element's
// height (Chromium ≈ 33 M px), so past MAX_SCROLL_HEIGHT the scroll range is scaled: the
// scrollbar maps proportionally onto row indices and only the visible rows exist in the DOM.
const MAX_SCROLL_HEIGHT = 8_000_000;

export interface VirtualRowsProps {
  readonly total: number;
  readonly rowHeight: number;
  readonly overscan?: number;
  /** Draw row `index` (0 = first); called only for rows in view. */
  readonly renderRow: (index: number) => ReactNode;
  /** Told which rows are in view, so the caller can fetch them. */
  readonly onRange?: (first: number, last: number) => void;
  readonly label: string;
  readonly header?: ReactNode;
  readonly className?: string;
}

export function VirtualRows({ total, rowHeight, overscan = 8, renderRow, onRange, label, header, className }: VirtualRowsProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  const fullHeight = total * rowHeight;
  const scrollHeight = Math.min(fullHeight, MAX_SCROLL_HEIGHT);
  const scale = scrollHeight > 0 && fullHeight > scrollHeight ? (fullHeight - height) / Math.max(1, scrollHeight - height) : 1;
  const offset = scrollTop * scale;
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(total - 1, Math.ceil((offset + height) / rowHeight) + overscan);

  useEffect(() => {
    const element = viewport.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (total > 0) onRange?.(first, last);
  }, [first, last, total, onRange]);

  const onScroll = useCallback(() => setScrollTop(viewport.current?.scrollTop ?? 0), []);

  const rows: ReactNode[] = [];
  for (let index = first; index <= last; index += 1) {
    rows.push(
      <div
        key={index}
        role="row"
        aria-rowindex={index + 2}
        className="vrow"
        style={{ transform: `translateY(${index * rowHeight - offset}px)`, height: rowHeight }}
      >
        {renderRow(index)}
      </div>,
    );
  }

  return (
    <div className={`vtable ${className ?? ''}`}>
      <div
        ref={viewport}
        role="table"
        aria-label={label}
        aria-rowcount={total + 1}
        className="vviewport"
        onScroll={onScroll}
        tabIndex={0}
      >
        {header}
        <div className="vspacer" style={{ height: scrollHeight }}>
          <div className="vlayer" style={{ transform: `translateY(${scrollTop}px)` }} role="rowgroup">
            {rows}
          </div>
        </div>
      </div>
    </div>
  );
}
