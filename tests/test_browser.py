"""The index pages in a real browser, at a phone's width and a desktop's.

Builds the nova test root with alabaster, furo and openstackdocstheme,
opens its root page (the overview chart and table), a release page, a
status page and a spec page (the metadata box) in headless Chromium at
1280 and 390 CSS pixels, light, and dark for furo (which follows the
reader's colour scheme), and checks what the extension adds to them:

* nothing of ours reaches past the screen's edges (index tables scroll
  sideways inside their box, by design);
* the chart's text is at least 12 px, and a release's label sits beside
  its bar on a wide screen, above it on a phone;
* every text of ours has a contrast of at least 4.5:1 (WCAG AA) with what
  is behind it, the colour's and the element's opacity included;
* where axe-core is found (``SPECS_AXE_JS``, the path of ``axe.min.js``,
  or ``node_modules/axe-core/axe.min.js`` under the working directory),
  its WCAG A and AA rules find nothing in our elements.

Chromium is driven through its DevTools protocol over a pipe, in pure
Python.  The module is skipped where Chromium is not installed
(``SPECS_CHROMIUM`` names it where it is not ``chromium`` on the path).
``SPECS_SCREENSHOTS=DIR`` keeps a full-page screenshot of every page.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from index_helpers import build, copy_root

CHROMIUM = os.environ.get('SPECS_CHROMIUM') or shutil.which('chromium')
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason='Chromium is not installed')

PAGES = {
    'root': 'index.html',
    'release': 'by/release/2025.1.html',
    'status': 'by/status/approved.html',
    'spec': 'specs/2025.1/approved/cache-weigher.html',
}
WIDTHS = {'desktop': 1280, 'phone': 390}
#: What each theme needs besides ``html_theme``.  openstackdocstheme
#: registers its theme from its extension, and without the ``auto`` values
#: looks for a pbr package named after the project.
THEMES: dict[str, dict[str, object]] = {
    'alabaster': {},
    'furo': {},
    'openstackdocs': {
        'extensions': ['sphinxcontrib_specs', 'openstackdocstheme'],
        'openstackdocs_repo_name': 'openstack/nova-specs',
        'openstackdocs_auto_name': False,
        'openstackdocs_auto_version': False,
    },
}
#: Theme, colour scheme: furo follows the reader's; the others are light only.
LOOKS = [('alabaster', 'light'), ('furo', 'light'), ('furo', 'dark'), ('openstackdocs', 'light')]
#: The elements the extension writes into pages.
OURS = (
    '.specs-chart',
    '.specs-scroll',
    '.specs-group',
    '.specs-list',
    '.specs-metadata',
    '.specs-empty',
)
_TIMEOUT = 60


class Chromium:
    """Headless Chromium, driven with DevTools messages over a pipe.

    ``--remote-debugging-pipe`` reads commands on file descriptor 3 and
    writes replies and events on 4, each a JSON text ended by a NUL byte.
    """

    def __init__(self, executable: str) -> None:
        self._profile = tempfile.mkdtemp(prefix='specs-chromium-')
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()

        def pipes_as_3_and_4() -> None:
            # Either end may already be 3 or 4: copy both higher first.
            ends = [os.dup(commands_read), os.dup(replies_write)]
            while min(ends) <= 4:
                ends = [os.dup(end) if end <= 4 else end for end in ends]
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.process = subprocess.Popen(
            [
                executable,
                '--headless',
                '--remote-debugging-pipe',
                '--no-sandbox',
                '--disable-gpu',
                '--hide-scrollbars',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
                '--disable-quic',
                f'--user-data-dir={self._profile}',
                'about:blank',
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=pipes_as_3_and_4,  # noqa: PLW1509 (no threads here)
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b''
        self._last_id = 0
        self._events: list[dict[str, Any]] = []

    def _message(self) -> dict[str, Any]:
        while b'\0' not in self._buffer:
            ready, _w, _x = select.select([self._replies], [], [], _TIMEOUT)
            chunk = os.read(self._replies, 1 << 16) if ready else b''
            if not chunk:
                raise RuntimeError('Chromium stopped answering')
            self._buffer += chunk
        message, _nul, self._buffer = self._buffer.partition(b'\0')
        return json.loads(message)  # type: ignore[no-any-return]

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._last_id += 1
        command: dict[str, Any] = {'id': self._last_id, 'method': method, 'params': params}
        if session:
            command['sessionId'] = session
        os.write(self._commands, json.dumps(command).encode() + b'\0')
        while True:
            message = self._message()
            if message.get('id') == self._last_id:
                if 'error' in message:
                    raise RuntimeError(f'{method}: {message["error"]}')
                return message['result']  # type: ignore[no-any-return]
            self._events.append(message)

    def wait_for(self, method: str, session: str) -> None:
        for event in self._events:
            if event.get('method') == method and event.get('sessionId') == session:
                self._events.remove(event)
                return
        while True:
            event = self._message()
            if event.get('method') == method and event.get('sessionId') == session:
                return
            self._events.append(event)

    def close(self) -> None:
        try:
            self.send('Browser.close')
            self.process.wait(_TIMEOUT)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            os.close(self._commands)
            os.close(self._replies)
            shutil.rmtree(self._profile, ignore_errors=True)


class Tab:
    """A page at a given width and colour scheme."""

    def __init__(self, browser: Chromium, width: int, scheme: str) -> None:
        self.browser = browser
        self.target = browser.send('Target.createTarget', url='about:blank')['targetId']
        attached = browser.send('Target.attachToTarget', targetId=self.target, flatten=True)
        self.session: str = attached['sessionId']
        self.width = width
        self.send('Page.enable')
        self.send(
            'Emulation.setDeviceMetricsOverride',
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        features = [{'name': 'prefers-color-scheme', 'value': scheme}]
        self.send('Emulation.setEmulatedMedia', features=features)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, self.session, **params)

    def open(self, path: Path) -> None:
        self.send('Page.navigate', url=path.as_uri())
        self.browser.wait_for('Page.loadEventFired', self.session)
        self.evaluate('document.fonts.ready.then(() => true)')

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            'Runtime.evaluate', expression=expression, returnByValue=True, awaitPromise=True
        )
        if 'exceptionDetails' in result:
            raise RuntimeError(result['exceptionDetails'])
        return result['result'].get('value')

    def screenshot(self, path: Path) -> None:
        height = self.send('Page.getLayoutMetrics')['cssContentSize']['height']
        clip = {'x': 0, 'y': 0, 'width': self.width, 'height': height, 'scale': 1}
        data = self.send('Page.captureScreenshot', clip=clip, captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(data['data']))

    def close(self) -> None:
        self.browser.send('Target.closeTarget', targetId=self.target)


#: What a page shows of ours: overflow, chart text and layout, contrast.
#: Colours are read as the browser computed them (``rgb()``, ``rgba()`` or
#: ``color(srgb ...)``); a translucent background is laid over what is
#: behind it, down to the canvas.
MEASURE = """
(() => {
  const ours = %(ours)s.join(', ');
  const name = (el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.');
  const parse = (text) => {
    const srgb = text.match(/^color\\(srgb ([^)]*)\\)$/);
    const rgb = text.match(/^rgba?\\(([^)]*)\\)$/);
    const parts = (srgb || rgb)[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    const scale = srgb ? 255 : 1;
    return [parts[0] * scale, parts[1] * scale, parts[2] * scale, parts.length > 3 ? parts[3] : 1];
  };
  const over = (top, below) => [0, 1, 2].map(
    (i) => top[i] * top[3] + below[i] * (1 - top[3])).concat([1]);
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const canvas = matchMedia('(prefers-color-scheme: dark)').matches &&
    getComputedStyle(document.documentElement).colorScheme.includes('dark')
    ? [18, 18, 18, 1] : [255, 255, 255, 1];
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, top) => over(top, below), canvas);
  };
  const opacity = (el) => {
    let product = 1;
    for (let node = el; node; node = node.parentElement) {
      product *= Number(getComputedStyle(node).opacity);
    }
    return product;
  };
  const width = document.documentElement.clientWidth;
  const overflow = [];
  const faint = [];
  const seen = new Set();
  for (const box of document.querySelectorAll(ours)) {
    // Past the screen's edges: the box, and what it holds outside the
    // boxes that scroll sideways (which hold it in).
    for (const el of [box, ...box.querySelectorAll('*')]) {
      if (el !== box && el.parentElement.closest('.specs-scroll') &&
          box.contains(el.parentElement.closest('.specs-scroll'))) continue;
      const rect = el.getBoundingClientRect();
      if (!rect.width && !rect.height) continue;
      if (rect.left < -0.5 || rect.right > width + 0.5) {
        const [left, right] = [Math.round(rect.left), Math.round(rect.right)];
        overflow.push(`${name(el)} spans ${left} to ${right} px of ${width}`);
      }
    }
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      const el = text.parentElement;
      if (!text.textContent.trim() || seen.has(el) || el.closest('svg')) continue;
      seen.add(el);
      // Hidden until hovered (the headings' permalinks): not shown.
      if (!el.getClientRects().length || getComputedStyle(el).visibility !== 'visible') continue;
      const colour = parse(getComputedStyle(el).color);
      colour[3] *= opacity(el);
      const behind = background(el);
      const ratio = contrast(over(colour, behind), behind);
      const shown = text.textContent.trim().slice(0, 30);
      if (ratio < 4.5) faint.push(`${name(el)} "${shown}" ${ratio.toFixed(2)}:1`);
    }
  }
  const chart = document.querySelector('figure.specs-chart');
  let sizes = [], layout = [];
  if (chart) {
    for (const el of chart.querySelectorAll('figcaption, li, span, p')) {
      sizes.push(parseFloat(getComputedStyle(el).fontSize));
    }
    for (const row of chart.querySelectorAll('.specs-chart-row')) {
      const label = row.querySelector('.specs-chart-label').getBoundingClientRect();
      const bar = row.querySelector('.specs-chart-bar').getBoundingClientRect();
      const beside = label.right <= bar.left ? 'beside' : 'overlap';
      layout.push(label.bottom <= bar.top + 1 ? 'above' : beside);
      if (bar.width < 100) overflow.push(`a bar of the chart is ${Math.round(bar.width)} px wide`);
    }
  }
  return {overflow, faint, smallest: sizes.length ? Math.min(...sizes) : null,
          layout: [...new Set(layout)]};
})()
""" % {'ours': json.dumps(list(OURS))}  # noqa: UP031 (braces in the script)

#: Runs axe-core's WCAG A and AA rules on our elements of the page.
AXE = """
axe.run(
  {include: %(ours)s.filter((s) => document.querySelector(s)).map((s) => [s])},
  {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
   resultTypes: ['violations']}
).then((found) => found.violations.flatMap(
  (v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}: ${n.failureSummary}`)))
""" % {'ours': json.dumps(list(OURS))}  # noqa: UP031


def _axe_script() -> str | None:
    for candidate in (
        os.environ.get('SPECS_AXE_JS', ''),
        'node_modules/axe-core/axe.min.js',
    ):
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text()
    return None


@pytest.fixture(scope='module')
def browser() -> Iterator[Chromium]:
    assert CHROMIUM is not None
    chromium = Chromium(CHROMIUM)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope='module')
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The nova test root built with each theme: theme -> output directory."""
    built = {}
    for theme, options in THEMES.items():
        if theme == 'openstackdocs':
            try:
                import openstackdocstheme  # noqa: F401
            except ImportError:
                continue
        srcdir = copy_root('index-nova', tmp_path_factory.mktemp(theme))
        shot, app = build(srcdir, confoverrides={'html_theme': theme, **options})
        assert [w for w in shot.warnings if '[openstackdocstheme]' not in w] == []
        built[theme] = Path(app.outdir)
    return built


@pytest.mark.parametrize('width', sorted(WIDTHS))
@pytest.mark.parametrize(('theme', 'scheme'), LOOKS)
def test_pages_in_a_browser(
    browser: Chromium, sites: dict[str, Path], theme: str, scheme: str, width: str
) -> None:
    if theme not in sites:
        pytest.skip(f'{theme} is not installed')
    axe = _axe_script()
    keep = os.environ.get('SPECS_SCREENSHOTS')
    tab = Tab(browser, WIDTHS[width], scheme)
    found: dict[str, dict[str, Any]] = {}
    try:
        for page, path in PAGES.items():
            tab.open(sites[theme] / path)
            found[page] = tab.evaluate(MEASURE)
            if axe is not None:
                tab.evaluate(axe)
                found[page]['axe'] = tab.evaluate(AXE)
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                tab.screenshot(Path(keep) / f'{theme}-{scheme}-{width}-{page}.png')
    finally:
        tab.close()
    chart = found['root']
    assert chart['smallest'] is not None
    assert chart['smallest'] >= 12
    assert chart['layout'] == (['beside'] if width == 'desktop' else ['above'])
    problems = {
        page: {key: value for key, value in shown.items() if key in {'overflow', 'faint', 'axe'}}
        for page, shown in found.items()
    }
    clean = {'overflow': [], 'faint': [], **({'axe': []} if axe is not None else {})}
    assert problems == dict.fromkeys(PAGES, clean)
