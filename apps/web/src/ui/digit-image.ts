/** Paints 784 MNIST pixel bytes (ink high) on a 28×28 canvas as dark ink on white. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>): void {
  canvas.width = 28;
  canvas.height = 28;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = 255 - pixels[i]!;
    image.data.set([v, v, v, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}
