import { describe, expect, it } from 'vitest';
import { PanelBuilder as TextPanelBuilder } from '@grafana/grafana-foundation-sdk/text';
import { firstFreeId, layout } from './layout.ts';
import { spec } from './panel-spec.ts';

const panel = (width: number, height = 8, id?: number) =>
  spec(new TextPanelBuilder(), id === undefined ? { width, height } : { width, height, id });

describe('layout', () => {
  it('places panels left to right, wraps at 24 columns and stacks rows', () => {
    const placed = layout(
      [
        { title: 'one', panels: [panel(12), panel(12, 6, 3), panel(8, 4)] },
        { title: 'two', panels: [panel(24)] },
      ],
      'test',
    );
    expect(placed.map((r) => [r.id, r.gridPos.y])).toEqual([
      [firstFreeId, 0],
      [firstFreeId + 3, 13],
    ]);
    expect(placed[0]?.panels.map((p) => [p.id, p.gridPos])).toEqual([
      [firstFreeId + 1, { x: 0, y: 1, w: 12, h: 8 }],
      [3, { x: 12, y: 1, w: 12, h: 6 }],
      [firstFreeId + 2, { x: 0, y: 9, w: 8, h: 4 }],
    ]);
    expect(placed[1]?.panels[0]?.gridPos).toEqual({ x: 0, y: 14, w: 24, h: 8 });
  });

  it('refuses a panel wider than the grid, naming where', () => {
    expect(() => layout([{ title: 'wide', panels: [panel(25)] }], 'dashboard x')).toThrow(
      'dashboard x row "wide": panel width 25 is outside 1..24',
    );
  });
});
