import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * The pictures the apps write: made with Vega-Lite and rendered to SVG by Vega's headless
 * renderer (no browser, no canvas, no native module).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Train loss, and a metric per epoch, side by side. */
export function curvesSpec(
  history: readonly Readonly<Record<string, number | undefined>>[],
  metric: { field: string; title: string },
): TopLevelSpec {
  const panel = (field: string, title: string) => ({
    width: 320,
    height: 220,
    mark: { type: 'line' as const, point: true },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative' as const,
        title: 'epoch',
        axis: { tickMinStep: 1 },
      },
      y: { field, type: 'quantitative' as const, title, scale: { zero: false } },
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: history.map((r) => ({ ...r })) },
    hconcat: [panel('trainLoss', 'train loss'), panel(metric.field, metric.title)],
  };
}

/** A confusion matrix heat map: rows the true class, columns the predicted one, counts written in. */
export function confusionSpec(matrix: readonly (readonly number[])[]): TopLevelSpec {
  const values = matrix.flatMap((row, actual) =>
    row.map((count, predicted) => ({ actual, predicted, count })),
  );
  const max = Math.max(...values.map((v) => v.count));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    width: 360,
    height: 360,
    encoding: {
      x: { field: 'predicted', type: 'ordinal', title: 'predicted' },
      y: { field: 'actual', type: 'ordinal', title: 'actual' },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'count', type: 'quantitative', scale: { type: 'sqrt', scheme: 'blues' } },
        },
      },
      {
        mark: { type: 'text', fontSize: 9 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: {
            condition: { test: `datum.count > ${max / 3}`, value: 'white' },
            value: 'black',
          },
        },
      },
    ],
  };
}

/** Predicted against actual values, with the line y = x that a perfect model would sit on. */
export function predictedVsActualSpec(
  points: readonly { actual: number; predicted: number }[],
  unit: string,
): TopLevelSpec {
  const lo = Math.min(...points.map((p) => Math.min(p.actual, p.predicted)));
  const hi = Math.max(...points.map((p) => Math.max(p.actual, p.predicted)));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 360,
    height: 360,
    layer: [
      {
        data: { values: points.map((p) => ({ ...p })) },
        mark: { type: 'point', filled: true, size: 8, opacity: 0.35 },
        encoding: {
          x: { field: 'actual', type: 'quantitative', title: `actual (${unit})` },
          y: { field: 'predicted', type: 'quantitative', title: `predicted (${unit})` },
        },
      },
      {
        data: {
          values: [
            { actual: lo, predicted: lo },
            { actual: hi, predicted: hi },
          ],
        },
        mark: { type: 'line', color: 'firebrick' },
        encoding: {
          x: { field: 'actual', type: 'quantitative' },
          y: { field: 'predicted', type: 'quantitative' },
        },
      },
    ],
  };
}
