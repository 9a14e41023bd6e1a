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
export async function revealCard(page, slot) {
  for (let i = 0; i < 10; i++) {
    const d = await drawDiagram(page);
    const r = d.cards[slot].rect, v = d.visibleRect;
    if (inView(r, v)) return r;
    const viewH = v[3] - v[1], [scale, left] = await page.evaluate(() => {
      const c = Module.canvas, b = c.getBoundingClientRect();
      return [b.height / c.height, b.left];
    });
    const max = d.scrollMaxY * scale, scroll = d.scrollY * scale;
    // The scroll that puts the card in the middle, and where the thumb's middle is for it.
    const want = Math.min(max, Math.max(0, (r[1] + r[3]) / 2 - v[1] + scroll - viewH / 2));
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

// Drags the Draw it card in slot `from` onto slot `to` like a person: press on it, move (resting
// at the list's edge while it scrolls), release over the target slot.
export async function dragCard(page, from, to) {
  const r = await revealCard(page, from);
  const x = (r[0] + r[2]) / 2, y = (r[1] + r[3]) / 2;
  await page.mouse.move(x, y);
  await nextFrames(page, 2);
  await page.mouse.down();
  await nextFrames(page, 2);
  await page.mouse.move(x, y + (to < from ? -12 : 12), { steps: 3 });
  await nextFrames(page, 2);
  for (let i = 0; i < 300; i++) {
    const d = await drawDiagram(page);
    const t = d.cards[to].rect, v = d.visibleRect;
    if (d.dragTo === to) break;
    if (inView(t, v)) {
      // Off the edge first, so the list stops scrolling, then onto the target where it is now.
      await page.mouse.move(x, (v[1] + v[3]) / 2, { steps: 2 });
      await nextFrames(page, 2);
      const now = (await drawDiagram(page)).cards[to].rect;
      await page.mouse.move(x, (now[1] + now[3]) / 2, { steps: 2 });
      await nextFrames(page, 2);
      continue;
    }
    await page.mouse.move(x, to < from ? v[1] + 3 : v[3] - 3);
    await nextFrames(page, 2);
  }
  await page.waitForFunction((t) => Module.esTest.state().drawDiagram.dragTo === t, to, { timeout: 5000 }).catch(async (e) => {
    await screenshot(page, 'draw-drag-missed');
    const d = await drawDiagram(page);
    throw new Error(`dragging card ${from + 1} onto slot ${to + 1}: it would land in ${d.dragTo === null ? 'no slot' : `slot ${d.dragTo + 1}`} (dragging: ${d.dragging}; screenshot: draw-drag-missed.png)`);
  });
  await page.mouse.up();
  await nextFrames(page, 2);
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
