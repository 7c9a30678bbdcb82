// Drives Microsoft 365 Agents Playground in a headless Chromium through a list of steps.
//
//   node tests/browser/drive.mjs RUN.json
//
// RUN.json: {"url": "http://127.0.0.1:PORT/", "chromium": "/usr/bin/chromium",
//            "artefacts": "/some/dir", "timeout_ms": 15000, "steps": [STEP, ...]}
// A STEP is an object with "do" and its arguments (tests/browser/playground.py builds them):
//   {"do": "open", "conversation": "Personal Chat"}      select a chat or channel in the tree
//   {"do": "say", "text": "..."}                          type into the message box and send
//   {"do": "expect_card", "text": "...", "anywhere": false}
//   {"do": "expect_text", "text": "...", "anywhere": false}
//   {"do": "click", "button": "Request approval", "card": "..."}
//   {"do": "fill", "field": "Purpose", "value": "...", "card": "..."}   (see fillField)
//   {"do": "screenshot", "name": "answer", "card": "..."}   (reports "card=WxH px")
// Every step may carry "timeout_ms". expect_card and expect_text only look at bot messages
// that arrived since the last say, click or open, unless "anywhere" is true, so an earlier card
// (the welcome card also says "approval") never satisfies a later expectation; a card the bot
// updated in place, or an Action.Execute response shown under its card, needs "anywhere".
// "card" picks the newest card whose text contains it (the newest card of all if absent).
// Texts match as substrings after whitespace is collapsed; case matters. "say" types one line
// (a newline would send the message early).
//
// Progress goes to stdout, one line per step. On failure: a screenshot and the page's visible
// text in the artefacts folder, a message naming the step on stderr, exit status 1. Exit status 2
// is a bad RUN.json or a browser that would not start. Requests to anything but the Playground's
// own host are refused, so the run is the same with or without a network.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BROWSER_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const MESSAGE_BOX = '[data-lexical-editor="true"][role="textbox"]';
const SEND = 'button[aria-label="Send Message"]';
// In a channel the send button is "Post", and the bot hears only messages that @mention it.
const POST = 'button:has-text("Post")';
const CARD = '.ac-adaptiveCard';
const SEEN = 'data-policybot-seen';

class StepError extends Error {}

// -- in the page -------------------------------------------------------------------------------
// A message is the parent of its "Message header"; the bot's carry a "Message author".

function markAllSeen(seenAttribute) {
  for (const header of document.querySelectorAll('[aria-label="Message header"]')) {
    header.parentElement.setAttribute(seenAttribute, '1');
  }
}

function findMessage({ text, cardOnly, anywhere, seenAttribute, cardSelector }) {
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  const wanted = squash(text);
  for (const header of document.querySelectorAll('[aria-label="Message header"]')) {
    const message = header.parentElement;
    if (!header.querySelector('[aria-label="Message author"]')) continue; // the person's own
    if (!anywhere && message.hasAttribute(seenAttribute)) continue;
    const parts = cardOnly ? [...message.querySelectorAll(cardSelector)] : [message];
    if (parts.some((part) => squash(part.innerText).includes(wanted))) return true;
  }
  return false;
}

// -- steps -------------------------------------------------------------------------------------

function newestCard(page, text) {
  const cards = text ? page.locator(CARD, { hasText: text }) : page.locator(CARD);
  return cards.last();
}

async function requireCard(page, text, timeout) {
  const card = newestCard(page, text);
  try {
    await card.waitFor({ state: 'visible', timeout });
  } catch {
    throw new StepError(text ? `no card containing "${text}"` : 'no card on the page');
  }
  return card;
}

async function markSeen(page) {
  await page.evaluate(markAllSeen, SEEN);
}

async function waitForMessage(page, step, cardOnly, timeout) {
  const arg = {
    text: step.text, cardOnly, anywhere: Boolean(step.anywhere),
    seenAttribute: SEEN, cardSelector: CARD,
  };
  try {
    await page.waitForFunction(findMessage, arg, { timeout, polling: 100 });
  } catch {
    const what = cardOnly ? 'card' : 'bot message';
    const when = step.anywhere ? '' : ' since the last say or click';
    throw new StepError(`no ${what} containing "${step.text}"${when} within ${timeout} ms`);
  }
}

// The Playground renders cards with the Fluent UI renderer: inputs get generated ids (the card's
// own input ids are not in the page) and their labels point at them with `for`. A compact
// ChoiceSet is a combobox whose options open in a popup (options, or menuitemcheckboxes when it is
// multi-select); an expanded one is a radiogroup, or a
// plain div of checkboxes when it is multi-select; an Input.Toggle is a checkbox; an Input.Date
// is a combobox that opens a calendar dialog but also takes typed text.

function labelTarget(labels, field) {
  const squash = (s) => s.replace(/\s+/g, ' ').replace(/\s*\*$/, '').trim();
  return labels.find((label) => squash(label.innerText) === field)?.htmlFor || null;
}

async function findField(card, field) {
  const id = await card.locator('label[for]').evaluateAll(labelTarget, field);
  const candidates = [
    ...(id ? [card.locator(`[id="${id}"]`)] : []),
    card.getByPlaceholder(field, { exact: true }),
    card.getByLabel(field, { exact: true }),
  ];
  for (const candidate of candidates) {
    if (await candidate.count()) return candidate.first();
  }
  throw new StepError(`no input labelled "${field}" on the card`);
}

function inputKind(element) {
  const tag = element.tagName.toLowerCase();
  if (!['input', 'textarea', 'select'].includes(tag)) return 'choices';
  if (element.getAttribute('role') === 'combobox') {
    return element.getAttribute('aria-haspopup') === 'dialog' ? 'text' : 'combobox';
  }
  if (['checkbox', 'radio'].includes(element.type)) return 'toggle';
  return tag === 'select' ? 'select' : 'text';
}

async function choose(group, titles, timeout) {
  for (const title of titles) {
    const id = await group.locator('label[for]').evaluateAll(labelTarget, title);
    if (!id) throw new StepError(`no choice "${title}"`);
    await group.locator(`[id="${id}"]`).check({ timeout });
  }
}

async function pick(page, combobox, titles, timeout) {
  await combobox.click({ timeout });
  for (const title of titles) {
    const single = page.getByRole('option', { name: title, exact: true });
    const multiple = page.getByRole('menuitemcheckbox', { name: title, exact: true });
    await single.or(multiple).click({ timeout });
  }
  await page.keyboard.press('Escape');
}

// value: text for Input.Text/Number/Date/Time; a choice's title, or a list of titles, for
// Input.ChoiceSet; true or false for Input.Toggle.
async function fillField(page, input, value, timeout) {
  const titles = Array.isArray(value) ? value : [value];
  switch (await input.evaluate(inputKind)) {
    case 'choices': return choose(input, titles, timeout);
    case 'combobox': return pick(page, input, titles, timeout);
    case 'select': return input.selectOption(titles.map((label) => ({ label })), { timeout });
    case 'toggle': return input.setChecked(Boolean(value), { timeout });
    default:
      await input.fill(String(value), { timeout });
      return input.press('Tab', { timeout });
  }
}

// The renderer refuses to send a card with an empty required input (it shows the input's
// errorMessage and the bot receives nothing), so a click step says so rather than leave the next
// step to time out without a clue.
function emptyRequiredInputs(card) {
  const labelOf = (element) => {
    const first = (element.getAttribute('aria-labelledby') || '').split(' ')[0];
    return document.getElementById(first)?.innerText.replace(/\s*\*$/, '').trim() || '?';
  };
  return [...card.querySelectorAll('[aria-required="true"]')]
    .filter((element) => ('value' in element ? element.value === '' : !element.querySelector(':checked')))
    .map(labelOf);
}

// A card taller than the chat pane would be cut off (and overlapped by the page header), so the
// window is made tall enough for the whole card while it is photographed.
async function screenshotCard(page, card, file, timeout) {
  const viewport = page.viewportSize();
  const box = await card.boundingBox();
  const height = Math.ceil(box?.height ?? 0) + 400;
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await card.scrollIntoViewIfNeeded({ timeout });
    await card.screenshot({ path: file, timeout });
  } finally {
    if (height > viewport.height) await page.setViewportSize(viewport);
  }
}

const STEPS = {
  async open(page, step, timeout) {
    await page.getByRole('treeitem', { name: step.conversation }).click({ timeout });
    await markSeen(page);
  },
  async say(page, step, timeout) {
    await markSeen(page);
    // in a channel the first box starts a new post; each thread below has a reply box too
    const box = step.mention ? page.locator(MESSAGE_BOX).first() : page.locator(MESSAGE_BOX);
    await box.click({ timeout });
    if (step.mention) {
      await page.keyboard.type(`@${step.mention.slice(0, 4)}`);
      await page.getByRole('menuitem', { name: new RegExp(step.mention, 'i') }).first().click({ timeout });
      await page.keyboard.type(' ');
    }
    await page.keyboard.type(step.text);
    // a channel shows a new-post box (sent by "Post") above each thread's reply box
    const post = page.locator(POST);
    const usePost = step.mention && (await post.count());
    await (usePost ? post : page.locator(SEND)).first().click({ timeout });
  },
  async expect_card(page, step, timeout) {
    await waitForMessage(page, step, true, timeout);
  },
  async expect_text(page, step, timeout) {
    await waitForMessage(page, step, false, timeout);
  },
  async click(page, step, timeout) {
    const card = await requireCard(page, step.card, timeout);
    const button = card.getByRole('button', { name: step.button, exact: true });
    if (!(await button.count())) {
      const titles = await card.getByRole('button').allInnerTexts();
      throw new StepError(`the card has no button "${step.button}" (it has: ${titles.join(', ')})`);
    }
    const empty = await card.evaluate(emptyRequiredInputs);
    await markSeen(page);
    await button.first().click({ timeout });
    if (empty.length) {
      return `note: required ${empty.map((l) => `"${l}"`).join(', ')} empty: the card will not send`;
    }
  },
  async fill(page, step, timeout) {
    const card = await requireCard(page, step.card, timeout);
    await fillField(page, await findField(card, step.field), step.value, timeout);
  },
  // A card's screenshot also reports the card's size as shown ("card=WxH px"), so a test can
  // hold how much of the chat pane a card takes.
  async screenshot(page, step, timeout, context) {
    const file = path.join(context.artefacts, `${String(context.index).padStart(2, '0')}-${step.name}.png`);
    if (step.card !== undefined) {
      const card = await requireCard(page, step.card, timeout);
      const box = await card.boundingBox();
      await screenshotCard(page, card, file, timeout);
      return `${file} card=${Math.round(box?.width ?? 0)}x${Math.round(box?.height ?? 0)} px`;
    }
    await page.screenshot({ path: file, timeout });
    return file;
  },
};

function describe(step) {
  const args = Object.entries(step)
    .filter(([key]) => key !== 'do' && key !== 'timeout_ms')
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `${step.do} ${args.join(' ')}`.trim();
}

// -- run ---------------------------------------------------------------------------------------

function readRun(file) {
  const run = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const key of ['url', 'artefacts', 'steps']) {
    if (run[key] === undefined) throw new Error(`${file}: "${key}" is required`);
  }
  run.steps.forEach((step, i) => {
    if (!STEPS[step.do]) throw new Error(`${file}: step ${i + 1} has unknown "do": ${JSON.stringify(step.do)}`);
  });
  return run;
}

async function launch(run, profile) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: run.chromium ?? '/usr/bin/chromium',
    headless: true,
    args: BROWSER_ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  const own = new URL(run.url).host;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.host === own || url.protocol === 'data:' ? route.continue() : route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLog = [];
  page.on('console', (message) => consoleLog.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLog.push(`pageerror: ${error.message}`));
  return { context, page, consoleLog };
}

async function connect(page, run) {
  const started = Date.now();
  try {
    await page.goto(run.url);
    const connected = page.getByText('Connected.', { exact: true }).first();
    await connected.waitFor({ timeout: run.timeout_ms ?? 15000 });
  } catch (error) {
    const saved = await saveFailure(page, run.artefacts, 0);
    console.error(`could not open the Playground at ${run.url}: ${error.message.split('\n')[0]}`);
    if (saved.length) console.error(`saved: ${saved.join(', ')}`);
    return false;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  console.log(`ok   0 open ${run.url}, connected (${seconds} s)`);
  return true;
}

async function saveFailure(page, artefacts, index) {
  const stem = path.join(artefacts, `failed-step-${String(index).padStart(2, '0')}`);
  const saved = [];
  try {
    await page.screenshot({ path: `${stem}.png`, timeout: 5000 });
    saved.push(`${stem}.png`);
  } catch (error) {
    console.error(`(no screenshot: ${error.message})`);
  }
  try {
    fs.writeFileSync(`${stem}.txt`, await page.evaluate(() => document.body.innerText));
    saved.push(`${stem}.txt`);
  } catch (error) {
    console.error(`(no page text: ${error.message})`);
  }
  return saved;
}

async function runSteps(page, run) {
  for (const [i, step] of run.steps.entries()) {
    const index = i + 1;
    const started = Date.now();
    try {
      const timeout = step.timeout_ms ?? run.timeout_ms ?? 15000;
      const note = await STEPS[step.do](page, step, timeout, { artefacts: run.artefacts, index });
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      console.log(`ok   ${index} ${describe(step)} (${seconds} s)${note ? ` -> ${note}` : ''}`);
    } catch (error) {
      const saved = await saveFailure(page, run.artefacts, index);
      const reason = error instanceof StepError ? error.message : error.message.split('\n')[0];
      console.log(`FAIL ${index} ${describe(step)}`);
      console.error(`step ${index} (${describe(step)}) failed: ${reason}`);
      if (saved.length) console.error(`saved: ${saved.join(', ')}`);
      return false;
    }
  }
  return true;
}

async function main() {
  if (process.argv.length !== 3) {
    console.error('usage: node drive.mjs RUN.json');
    return 2;
  }
  let run;
  try {
    run = readRun(process.argv[2]);
  } catch (error) {
    console.error(error.message);
    return 2;
  }
  fs.mkdirSync(run.artefacts, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'policybot-chromium-'));
  let browser;
  try {
    try {
      browser = await launch(run, profile);
    } catch (error) {
      console.error(`could not start ${run.chromium ?? '/usr/bin/chromium'}: ${error.message}`);
      return 2;
    }
    if (!(await connect(browser.page, run))) return 1;
    return (await runSteps(browser.page, run)) ? 0 : 1;
  } finally {
    if (browser) {
      fs.writeFileSync(path.join(run.artefacts, 'console.log'), `${browser.consoleLog.join('\n')}\n`);
      await browser.context.close();
    }
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

process.exitCode = await main();
