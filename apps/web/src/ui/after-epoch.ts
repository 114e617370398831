import type { Evaluation } from '../worker/protocol.js';
import { paintDigit } from './digit-image.js';

/** The confusion matrix as a table, each cell shaded by its share of its row. */
export function renderConfusion(table: HTMLTableElement, confusion: number[][]): void {
  const head = `<tr><th></th>${confusion.map((_, k) => `<th>${k}</th>`).join('')}</tr>`;
  const rows = confusion.map((row, t) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    const cells = row.map((n, p) => {
      const share = n / total;
      const hue = p === t ? 140 : 0;
      const style =
        n === 0 ? '' : ` style="background:hsl(${hue} 70% ${100 - 45 * Math.sqrt(share)}%)"`;
      return `<td${style}>${n}</td>`;
    });
    return `<tr><th>${t}</th>${cells.join('')}</tr>`;
  });
  table.innerHTML = head + rows.join('');
}

/** The misclassified test images, each with "true → predicted". */
export function renderGallery(gallery: HTMLElement, evaluation: Evaluation): void {
  gallery.replaceChildren(
    ...evaluation.misclassified.map(({ index, label, predicted, pixels }) => {
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      paintDigit(canvas, pixels);
      const caption = document.createElement('figcaption');
      caption.textContent = `${label} → ${predicted}`;
      figure.title = `test image ${index}`;
      figure.append(canvas, caption);
      return figure;
    }),
  );
}
