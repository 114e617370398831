import type { Ink } from './preprocess.js';

/**
 * A canvas to draw on with mouse, pen or touch (pointer events, with the coalesced points of
 * fast strokes). `onInk` is called, at most once per animation frame, after the drawing changes.
 */
export class DrawingPad {
  brush = 22;
  private last: { x: number; y: number } | undefined;
  private pending = false;
  private readonly context: CanvasRenderingContext2D;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onInk: (ink: Ink) => void,
  ) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    canvas.style.touchAction = 'none';
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.stroke([this.last]);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (this.last === undefined) return;
      const events = event.getCoalescedEvents?.() ?? [];
      this.stroke((events.length > 0 ? events : [event]).map((e) => this.point(e)));
    });
    const end = () => {
      this.last = undefined;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  clear(): void {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.last = undefined;
  }

  /** The ink: the canvas's alpha channel, 0…1. */
  ink(): Ink {
    const { width, height } = this.canvas;
    const rgba = this.context.getImageData(0, 0, width, height).data;
    const data = new Float64Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i + 3]! / 255;
    return { width, height, data };
  }

  private point(event: PointerEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * this.canvas.width) / box.width,
      y: ((event.clientY - box.top) * this.canvas.height) / box.height,
    };
  }

  private stroke(points: { x: number; y: number }[]): void {
    const c = this.context;
    c.strokeStyle = '#000';
    c.lineWidth = this.brush;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    const from = this.last ?? points[0]!;
    c.moveTo(from.x, from.y);
    for (const p of points) c.lineTo(p.x, p.y);
    c.stroke();
    this.last = points.at(-1);
    if (!this.pending) {
      this.pending = true;
      requestAnimationFrame(() => {
        this.pending = false;
        this.onInk(this.ink());
      });
    }
  }
}
