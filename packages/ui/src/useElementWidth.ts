import { useEffect, useState, type RefObject } from 'react';

/** useElementWidth(ref) – the element's content width in CSS pixels, updated on resize (0 before layout). */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const node = ref.current;
    if (!node) return;
    setWidth(Math.round(node.getBoundingClientRect().width));
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      // quantise to 50 px so a live resize does not re-run the downsampling on every pixel
      setWidth((prev) => (Math.abs(prev - w) >= 50 || prev === 0 ? w : prev));
    });
    ro.observe(node);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
