// The Draw it window by hand in the browser tests: its cards as the test hook shows them (in page
// pixels), a card scrolled into view with the list's scroll bar, dragged onto another slot, and
// every card dragged into place.
import { nextFrames, screenshot } from './harness.mjs';

// The Draw it window as the test hook shows it, its rectangles ([left, top, right, bottom]) turned
// from canvas pixels into the page's, where the mouse moves.
export async function drawDiagram(page) {
  return page.evaluate(() => {
    const d = Module.esTest.state().drawDiagram;
    const c = Module.canvas, b = c.getBoundingClientRect();
    const sx = b.width / c.width, sy = b.height / c.height;
    const page = (r) => r && [b.left + r[0] * sx, b.top + r[1] * sy, b.left + r[2] * sx, b.top + r[3] * sy];
    d.cards.forEach((card) => { card.rect = page(card.rect); });
    d.visibleRect = page(d.visibleRect);
    return d;
  });
}

const inView = (r, v) => r && r[1] >= v[1] + 2 && r[3] <= v[3] - 2;

// Scrolls the Draw it cards until the card in `slot` is in view, as a person does with the list's
// scroll bar: its thumb dragged to where the list shows the card.
// (The mouse wheel does not reach Dear ImGui's child windows in headless Chromium.) Returns the
// card's rectangle.
export async function revealCard(page, slot, where = 0.5) {
  for (let i = 0; i < 10; i++) {
    const d = await drawDiagram(page);
    const r = d.cards[slot].rect, v = d.visibleRect;
    const viewH = v[3] - v[1], [scale, left] = await page.evaluate(() => {
      const c = Module.canvas, b = c.getBoundingClientRect();
      return [b.height / c.height, b.left];
    });
    const max = d.scrollMaxY * scale, scroll = d.scrollY * scale;
    // The scroll that puts the card at `where` of the view (0 top, 1 bottom), and where the thumb's middle is for it.
    const want = Math.min(max, Math.max(0, (r[1] + r[3]) / 2 - v[1] + scroll - viewH * where));
    if (inView(r, v) && (where === 0.5 || Math.abs(want - scroll) < 8)) return r;  // there, or as near as the list goes
    const thumb = Math.max(viewH * viewH / (viewH + max), 12);
    const at = (sc) => v[1] + thumb / 2 + (max > 0 ? sc / max : 0) * (viewH - thumb);
    // The thumb dragged from where it is to where it shows the card.
    const sx = left + d.scrollbarX * scale;
    await page.mouse.move(sx, at(scroll));
    await nextFrames(page, 2);
    await page.mouse.down();
    await nextFrames(page, 2);
    await page.mouse.move(sx, at(want), { steps: 4 });
    await nextFrames(page, 2);
    await page.mouse.up();
    await nextFrames(page, 2);
  }
  const last = await drawDiagram(page);
  if (inView(last.cards[slot].rect, last.visibleRect)) return last.cards[slot].rect;
  await screenshot(page, 'draw-card-not-found');
  throw new Error(`card ${slot + 1} of Draw it never came into view (screenshot: draw-card-not-found.png)`);
}

// Selects the Draw it card in `slot` with a click, for the keyboard and the Up / Down buttons.
export async function selectCard(page, slot) {
  const r = await revealCard(page, slot);
  await page.mouse.move((r[0] + r[2]) / 2, (r[1] + r[3]) / 2);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.up();
  await nextFrames(page, 2);
}

// Drags the Draw it card in slot `from` onto slot `to` like a person: press on it, move, release
// over the target slot. A target out of view is reached in several drags, each to the farthest
// slot in view that way, the list scrolled to the card between them.
export async function dragCard(page, from, to) {
  while (from !== to) {
    // The card low in the view to go up, high to go down: room on the way.
    const r = await revealCard(page, from, to < from ? 0.8 : 0.2);
    const d = await drawDiagram(page);
    // Slots to drop on: in view, and clear of the edges where the list scrolls by itself.
    const v = d.visibleRect, margin = 30;
    const inViewSlots = d.cards.map((c, i) => {
      const centre = (c.rect[1] + c.rect[3]) / 2;
      return i === from || (inView(c.rect, v) && centre > v[1] + margin && centre < v[3] - margin) ? i : -1;
    }).filter((i) => i >= 0);
    const step = inViewSlots.includes(to) ? to : (to < from ? Math.min(...inViewSlots) : Math.max(...inViewSlots));
    if (step === from) throw new Error(`no slot in view between card ${from + 1} and slot ${to + 1}`);
    const t = d.cards[step].rect;
    const x = (r[0] + r[2]) / 2, y = (r[1] + r[3]) / 2;
    await page.mouse.move(x, y);
    await nextFrames(page, 2);
    await page.mouse.down();
    await nextFrames(page, 2);
    await page.mouse.move(x, y + (step < from ? -12 : 12), { steps: 3 });
    await nextFrames(page, 2);
    await page.mouse.move(x, (t[1] + t[3]) / 2, { steps: 4 });
    await nextFrames(page, 2);
    await page.waitForFunction((s) => Module.esTest.state().drawDiagram.dragTo === s, step, { timeout: 5000 }).catch(async () => {
      await screenshot(page, 'draw-drag-missed');
      const now = await drawDiagram(page);
      throw new Error(`dragging card ${from + 1} onto slot ${step + 1}: it would land in ${now.dragTo === null ? 'no slot' : `slot ${now.dragTo + 1}`} (dragging: ${now.dragging}; screenshot: draw-drag-missed.png)`);
    });
    await page.mouse.up();
    await nextFrames(page, 2);
    from = step;
  }
}

// Puts every Draw it card in place by dragging, from the top: the card that belongs in each slot
// dragged onto it. Returns the number of drags.
export async function dragCardsIntoPlace(page) {
  let drags = 0;
  const n = (await drawDiagram(page)).cards.length;
  for (let slot = 0; slot < n; slot++) {
    const d = await drawDiagram(page);
    // The first card from here down that stands for this slot (cards alike are interchangeable).
    const want = d.cards.map((c) => c.place).filter((p) => p >= slot).sort((a, b) => a - b)[0];
    const from = d.cards.findIndex((c, i) => i >= slot && c.place === want);
    if (from !== slot) {
      await dragCard(page, from, slot);
      drags++;
    }
  }
  return drags;
}
