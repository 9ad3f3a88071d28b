import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParams, parseQuery } from '~/widgets/params';
import { WIDGETS } from '~/widgets/registry';
import {
  anchorLines, cellAt, cellKey, COCO, cocoText, conflictTexts, describe as describeScene, expandQuery, formatObjects, isEdited, moveObject, offsetsText,
  paramsOf, parseObjects, subParts, placeObject, PRESET_NAMES, PRESETS, presetParams, queryOf, resolve, schema, sceneOf, volumeText, givenOrPreset, type Params,
} from '~/widgets/yolo-grid/model';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const sceneFor = (over: Partial<Params> = {}) => sceneOf(resolve(params(over)).state);
const fromQuery = (search: string) => parseQuery(schema, expandQuery(search));

describe('settings and presets', () => {
  it('the defaults are the street preset', () => {
    expect(defaults).toEqual(presetParams('course'));
  });

  it.each(PRESET_NAMES)('preset %s is valid and its picked cell holds an object', (name) => {
    const p = presetParams(name);
    expect(parseParams(schema, (k) => p[k as keyof Params]).problems).toEqual([]);
    const r = resolve(p);
    expect(r.problems).toEqual([]);
    expect(formatObjects(r.state.objects)).toBe(p.objects); // the preset's text is already canonical
    expect(sceneOf(r.state).inPicked.length).toBeGreaterThan(0);
    expect(PRESETS[name].question).toMatch(/\?$/);
  });

  it('a preset alone brings its values; settings beside it win; the query holds only differences', () => {
    expect(givenOrPreset({ preset: 'one-anchor' }).anchors).toBe(1);
    expect(fromQuery('?preset=conflict&anchors=3').values).toEqual({ ...presetParams('conflict'), anchors: 3 });
    expect(queryOf(defaults)).toBe('');
    expect(queryOf({ ...presetParams('conflict'), anchors: 3 })).toBe('preset=conflict&anchors=3');
    expect(queryOf(params({ grid: 19, row: 14, col: 8 }))).toBe('grid=19&row=14&col=8');
    expect(WIDGETS.find((w) => w.slug === 'yolo-grid')!.example).toBe('preset=conflict&anchors=3');
    expect(isEdited(presetParams('shared'))).toBe(false);
    expect(isEdited({ ...presetParams('shared'), grid: 5 })).toBe(true);
  });

  it('settings round-trip through the query string', () => {
    const obj = fc.record({ cls: fc.integer({ min: 0, max: 2 }), x: fc.integer({ min: 0, max: 1000 }), y: fc.integer({ min: 0, max: 1000 }) });
    fc.assert(fc.property(fc.constantFrom(...PRESET_NAMES), fc.constantFrom(3, 5, 19), fc.integer({ min: 1, max: 3 }), fc.array(obj, { maxLength: 6 }), fc.nat(), (preset, grid, anchors, objs, cell) => {
      const objects = formatObjects(objs.map((o) => ({ cls: o.cls, x: o.x / 1000, y: o.y / 1000, w: [0.08, 0.3, 0.16][o.cls]!, h: [0.26, 0.17, 0.13][o.cls]! })));
      const p: Params = { preset, grid: grid as Params['grid'], anchors, objects, row: cell % grid, col: (cell >> 3) % grid };
      expect(fromQuery(`?${queryOf(p)}`)).toEqual({ values: p, problems: [] });
    }));
  });
});

describe('objects as text', () => {
  it('reads classes by key or name, optional sizes, and writes them back', () => {
    const r = parseObjects(' car:0.47,0.77 ; pedestrian:0.2,0.5,0.1,0.3;c3:1,0');
    expect(r.problems).toEqual([]);
    expect(r.objects).toEqual([
      { cls: 1, x: 0.47, y: 0.77, w: 0.3, h: 0.17 },
      { cls: 0, x: 0.2, y: 0.5, w: 0.1, h: 0.3 },
      { cls: 2, x: 1, y: 0, w: 0.16, h: 0.13 },
    ]);
    expect(formatObjects(r.objects)).toBe('car:0.47,0.77;ped:0.2,0.5,0.1,0.3;moto:1,0');
    expect(parseObjects('').objects).toEqual([]);
  });

  it('bad items are left out with a sentence; out-of-range numbers are clamped with one; never throws', () => {
    const r = parseObjects('bus:0.1,0.2;car:0.5;car:x,0.5;ped:1.5,-2;moto:0.5,0.5,0,9');
    expect(r.objects).toEqual([{ cls: 0, x: 1, y: 0, w: 0.08, h: 0.26 }, { cls: 2, x: 0.5, y: 0.5, w: 0.02, h: 1 }]);
    expect(r.problems).toEqual([
      'Objects (objects): item 1 “bus:0.1,0.2” does not start with a class we draw (ped, car or moto) and a colon; it was left out.',
      'Objects (objects): item 2 “car:0.5” must be a class and 2 numbers (x,y) or 4 (x,y,w,h); it was left out.',
      'Objects (objects): item 3 “car:x,0.5” must be a class and 2 numbers (x,y) or 4 (x,y,w,h); it was left out.',
      'Objects (objects): item 4 “ped:1.5,-2”: the midpoint must lie in the picture (0 to 1); it was moved to 1,0.',
      'Objects (objects): item 5 “moto:0.5,0.5,0,9”: width and height must be from 0.02 to 1; they became 0.02,1.',
    ]);
    expect(parseObjects(Array(8).fill('car:0.5,0.5').join(';')).problems).toEqual(['Objects (objects): at most 6 objects; item 7 and later were left out.']);
    const hostile = parseObjects('<img src=x onerror="alert(1)">');
    expect(hostile.objects).toEqual([]);
    expect(hostile.problems[0]).toContain('“<img src=x onerror="aler…”');
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => {
      const p = parseObjects(s);
      return p.objects.every((o) => o.x >= 0 && o.x <= 1 && o.y >= 0 && o.y <= 1 && o.w >= 0.02);
    }));
  });

  it('moving keeps the midpoint in the picture, to 3 decimals', () => {
    const objs = parseObjects('car:0.47,0.77').objects;
    expect(moveObject(objs, 0, 0.01, -0.01)[0]).toMatchObject({ x: 0.48, y: 0.76 });
    expect(moveObject(objs, 0, 0.9, 0.9)[0]).toMatchObject({ x: 1, y: 1 });
    expect(placeObject(objs, 0, 0.1234567, -3)[0]).toMatchObject({ x: 0.123, y: 0 });
  });

  it('a picked row or column beyond the grid is clamped with a sentence', () => {
    const r = resolve(params({ row: 14, col: 18 }));
    expect([r.state.row, r.state.col]).toEqual([2, 2]);
    expect(r.problems).toEqual(['Picked row (row) must be at most 2 on a 3 × 3 grid; 14 became 2.', 'Picked column (col) must be at most 2 on a 3 × 3 grid; 18 became 2.']);
  });
});

describe('the scene', () => {
  it('the street: the car is in row 2, column 1, wide anchor; its y as the course writes it', () => {
    const s = sceneFor();
    expect(s.state.row).toBe(2);
    expect(s.vector.map((r) => r.text)).toEqual(['0', '?', '?', '?', '?', '?', '?', '?', '1', '0.41', '0.31', '0.51', '0.90', '0', '1', '0']);
    expect(s.vector.map((r) => r.label).slice(0, 8)).toEqual(['p_c', 'b_x', 'b_y', 'b_h', 'b_w', 'c_1', 'c_2', 'c_3']);
    expect(s.vector[8]!.meaning).toBe('an object: the car');
    expect(s.vector[14]!.meaning).toBe('it is a car');
    const car = s.targets.objects[1]!;
    expect(offsetsText(car, s.state.objects[1]!, 3)).toEqual({
      cell: 'x·S = 0.47·3 = 1.41, y·S = 0.77·3 = 2.31: row 2, column 1',
      box: 'b_x = 1.41 − 1 = 0.41, b_y = 2.31 − 2 = 0.31, b_h = 0.17·3 = 0.51, b_w = 0.3·3 = 0.90',
    });
    expect(anchorLines(car, s.state.anchors)).toEqual([
      { text: 'Anchor 1 (tall), 0.1 × 0.25: IoU = 0.0170 / 0.0590 = 0.29', chosen: false },
      { text: 'Anchor 2 (wide), 0.3 × 0.15: IoU = 0.0450 / 0.0510 = 0.88', chosen: true },
    ]);
    expect(describeScene(s, 1)).toBe('3 × 3 grid, 2 anchors, output 3 × 3 × 16. Car at (0.47, 0.77): row 2, column 1, anchor 2 (wide), b_x = 0.41, b_y = 0.31. Picked cell row 2, column 1: 1 object.');
    expect(conflictTexts(s)).toEqual([]);
  });

  it('the volume text and YOLOv2’s for scale', () => {
    expect(volumeText(sceneFor().shape)).toBe('3 × 3 × 2·(3 + 5) = 3 × 3 × 16 = 144 numbers');
    expect(volumeText(sceneFor({ anchors: 1 }).shape)).toBe('3 × 3 × 1·(3 + 5) = 3 × 3 × 8 = 72 numbers');
    expect(volumeText(sceneFor({ grid: 19, anchors: 3 }).shape)).toBe('19 × 19 × 3·(3 + 5) = 19 × 19 × 24 = 8,664 numbers');
    expect(COCO.total).toBe(153425);
    expect(cocoText).toBe('19 × 19 × 5·(80 + 5) = 19 × 19 × 425 = 153,425 numbers');
  });

  it('two in one cell: two anchors hold both; one anchor loses the car', () => {
    const shared = sceneOf(resolve(presetParams('shared')).state);
    expect(shared.inPicked).toEqual([0, 1]);
    expect(shared.vector.filter((r) => r.label === 'p_c').map((r) => r.meaning)).toEqual(['an object: the pedestrian', 'an object: the car']);
    const one = sceneOf(resolve(presetParams('one-anchor')).state);
    expect(one.vector.map((r) => r.text).slice(5)).toEqual(['1', '0', '0']);
    expect(conflictTexts(one)).toEqual([
      'Conflict in row 1, column 1, anchor 1 (tall): the car and the pedestrian both claim it, and one cell’s anchor holds one object. The pedestrian fits the anchor best (IoU 0.78 against 0.29) and is kept; the car is not in y at all.',
    ]);
    expect(describeScene(one, 0)).toMatch(/Car at \(0\.5, 0\.62\): row 1, column 1, anchor 1 \(tall\), b_x = 0\.50, b_y = 0\.86, lost to the pedestrian\. .* One conflict: an object is lost\.$/);
  });

  it('two wide objects: the motorcycle is lost with two anchors and kept with a third, square one', () => {
    const two = sceneOf(resolve(presetParams('conflict')).state);
    expect(conflictTexts(two)[0]).toMatch(/anchor 2 \(wide\): the car and the motorcycle both claim it.*The car fits the anchor best \(IoU 0\.88 against 0\.46\) and is kept; the motorcycle is not in y at all\.$/);
    const three = sceneOf(resolve({ ...presetParams('conflict'), anchors: 3 }).state);
    expect(three.targets.conflicts).toEqual([]);
    expect(three.targets.objects[2]!.anchor).toBe(2);
  });

  it('two cars are told apart by number', () => {
    const s = sceneOf(resolve(params({ objects: 'car:0.5,0.5;car:0.55,0.5' })).state);
    expect(conflictTexts(s)[0]).toMatch(/the car 1 and the car 2 both claim it/);
  });

  it('symbols with subscripts are split for the view', () => {
    expect(subParts('b_x = 0.41, p_c = 1')).toEqual([{ text: 'b', sub: 'x' }, { text: ' = 0.41, p', sub: 'c' }, { text: ' = 1', sub: '' }]);
    expect(subParts('c_2')).toEqual([{ text: 'c', sub: '2' }, { text: '', sub: '' }]);
    expect(subParts('no symbols')).toEqual([{ text: 'no symbols', sub: '' }]);
  });

  it('cells by pointer and by key stay in the grid', () => {
    expect(cellAt(0.5, 0.99, 3)).toEqual({ row: 2, col: 1 });
    expect(cellAt(1.2, -0.1, 3)).toEqual({ row: 0, col: 2 });
    expect(cellKey('ArrowRight', 1, 2, 3)).toEqual({ row: 1, col: 2 });
    expect(cellKey('ArrowDown', 1, 1, 19, true)).toEqual({ row: 6, col: 1 });
    expect(cellKey('End', 0, 0, 19)).toEqual({ row: 18, col: 18 });
    expect(cellKey('a', 0, 0, 3)).toBeNull();
  });

  it('any settings give a scene without NaN', () => {
    fc.assert(fc.property(fc.constantFrom(3, 5, 19), fc.integer({ min: 1, max: 3 }), fc.string({ maxLength: 80 }), fc.nat(18), fc.nat(18), (grid, anchors, objects, row, col) => {
      const r = resolve(params({ grid: grid as Params['grid'], anchors, objects, row, col }));
      const s = sceneOf(r.state);
      const text = [describeScene(s, 0), ...conflictTexts(s), ...s.vector.map((v) => v.text), volumeText(s.shape)].join(' ');
      return !/NaN|undefined|Infinity/.test(text) && paramsOf('course', r.state).row < grid;
    }));
  });
});
