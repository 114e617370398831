import { describe, expect, it } from 'vitest';
import { confusionSpec, curvesSpec, predictedVsActualSpec, renderSvg } from '../src/charts.js';

describe('charts', () => {
  it('renders the loss and metric curves to SVG', async () => {
    const svg = await renderSvg(
      curvesSpec(
        [
          { epoch: 1, trainLoss: 0.5, accuracy: 0.9 },
          { epoch: 2, trainLoss: 0.25, accuracy: 0.95 },
        ],
        { field: 'accuracy', title: 'test accuracy' },
      ),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('train loss');
    expect(svg).toContain('test accuracy');
  });

  it('renders a confusion matrix with its counts', async () => {
    const svg = await renderSvg(
      confusionSpec([
        [50, 2],
        [3, 45],
      ]),
    );
    expect(svg).toContain('>45<');
    expect(svg).toContain('predicted');
  });

  it('renders predicted against actual', async () => {
    const svg = await renderSvg(
      predictedVsActualSpec(
        [
          { actual: 1, predicted: 1.2 },
          { actual: 3, predicted: 2.5 },
        ],
        '$100,000',
      ),
    );
    expect(svg).toContain('actual ($100,000)');
  });
});
