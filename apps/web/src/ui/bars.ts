/** Ten horizontal bars, one per class, their widths the class probabilities. */
export function renderBars(container: HTMLElement, probabilities: readonly number[]): void {
  if (container.childElementCount !== probabilities.length) {
    container.replaceChildren(
      ...probabilities.map((_, k) => {
        const row = document.createElement('div');
        row.className = 'bar';
        row.innerHTML = `<span>${k}</span><i></i><output></output>`;
        return row;
      }),
    );
  }
  const best = probabilities.indexOf(Math.max(...probabilities));
  probabilities.forEach((p, k) => {
    const row = container.children[k] as HTMLElement;
    row.classList.toggle('best', k === best);
    (row.querySelector('i') as HTMLElement).style.width = `${(100 * p).toFixed(1)}%`;
    (row.querySelector('output') as HTMLOutputElement).textContent = `${(100 * p).toFixed(1)}%`;
  });
}
