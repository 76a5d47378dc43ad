"""Every page of the demo village, opened on a phone in Indonesian (issue 12, items 16 and 18).

* No page is wider than the phone: ``document.documentElement.scrollWidth <= 390``. (With a
  mobile viewport the browser widens ``innerWidth`` to fit wide content, so comparing with it
  would hide the overflow.)
* No English is left in the Indonesian interface. Catalogue completeness is not enough, since a
  string that was never marked is in no catalogue: a visible text (or a placeholder, title or
  label) fails when it is an English message of any catalogue whose Indonesian differs, when it
  holds such a message of two words or more, when it uses English function words ("the",
  "of", "not", …), or when it names a measure by its English term ("closeness",
  "betweenness", "constraint"…). Text marked ``lang="en"`` (bibliographic references, the
  language switch) and code are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polib

from jejaring.core.i18n import catalogues
from tests.browser.conftest import screenshot
from tests.browser.pages import every_page

PHONE_WIDTH = 390

#: Words of English that Indonesian never uses; a text holding one is English.
ENGLISH_WORDS = {
    "the", "of", "and", "not", "by", "with", "from", "is", "are", "this", "that", "which",
    "for", "or", "be", "was", "has", "have", "when", "who", "there", "their", "will", "yet",
    "none", "stated", "source", "see", "first", "click", "here", "your", "please",
}  # fmt: skip
#: The measures' English terms (Indonesian has its own for each).
ENGLISH_TERMS = {
    "betweenness", "closeness", "constraint", "eigenvector", "centrality", "brokerage",
    "degree", "pagerank", "indegree", "outdegree", "receptive", "approached", "visit",
}  # fmt: skip

_TEXTS_JS = """
() => {
  const skip = 'script,style,code,pre,textarea,noscript,[lang=en],[translate=no],.lang-btn';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text && !node.parentElement.closest(skip)) out.push(text);
  }
  for (const el of document.querySelectorAll('[placeholder],[title],[aria-label],[alt]')) {
    if (el.closest('[lang=en],[translate=no],code,pre')) continue;
    for (const a of ['placeholder', 'title', 'aria-label', 'alt']) {
      const v = (el.getAttribute(a) || '').trim();
      if (v) out.push(v);
    }
  }
  return out;
}
"""


_ACTIVE_TAB_JS = """
() => {
  if (!document.querySelector('.village-nav')) return {fragment: true};  // an htmx part
  const a = document.querySelectorAll('.village-nav a.active');
  if (a.length !== 1) return null;
  const r = a[0].getBoundingClientRect();
  return {left: Math.round(r.left), right: Math.round(r.right), text: a[0].textContent.trim()};
}
"""


@lru_cache(maxsize=1)
def english_messages() -> frozenset[str]:
    """English msgids whose Indonesian differs (and that are no Indonesian text themselves)."""
    english, indonesian = set(), set()
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            forms = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
            indonesian.update(f.strip() for f in forms)
            for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                msgid = msgid.strip()
                if msgid not in forms and "%" not in msgid and "{" not in msgid:
                    english.add(msgid)
    return frozenset(m for m in english - indonesian if len(m) > 3 and re.search(r"[a-z]", m))


def english_in(text: str) -> str | None:
    """Why ``text`` is English, or None."""
    messages = english_messages()
    # Words between spaces or punctuation; parts of codes such as "GPL-2.0-or-later" are not.
    # A word cut short by the page ("di for…") is not a word.
    words = re.findall(r"(?<![\w./-])[A-Za-z]+(?![\w./…-])", text)
    lower = {w.lower() for w in words}
    if text in messages:
        return "an English message"
    for part in re.split(r"\s*[:·/|,()–—]\s*", text):
        if part in messages and " " in part:
            return f"English message {part!r}"
    found = {w for w in words if w in ENGLISH_WORDS} | (lower & ENGLISH_TERMS)
    if found:
        return f"English words {sorted(found)}"
    return None


def test_english_detector_knows_english_from_indonesian():
    assert english_in("Lisensi: not stated by the source")
    assert english_in("Keperantaraan (betweenness)")
    assert english_in("Constraint menurut Burt")
    assert not english_in("Keperantaraan")
    assert not english_in("Lisensi: GPL-2.0-or-later")
    assert not english_in("lalu bersedia hadir di for…")
    assert not english_in("Rumah tangga miskin yang bergantung pada patron")


def _take_a_snapshot(page) -> None:
    """The demo has no snapshot; one is taken so that its page is checked too."""
    page.goto("/v/tegalrejo/analysis/snapshots/")
    if page.locator("a[href*='/analysis/snapshots/']").count() == 0:
        page.fill("#id_name", "Sebelum forum")
        page.locator("form.form button[type=submit]").click()
        page.wait_for_load_state("networkidle")


def test_every_page_fits_a_phone_and_speaks_indonesian(phone_page):
    too_wide, english, no_tab, broken = [], {}, [], []
    current = {"name": ""}
    phone_page.on(
        "response",
        lambda r: (
            broken.append(f"{current['name']}: {r.status} {r.url}") if r.status >= 400 else None
        ),
    )
    _take_a_snapshot(phone_page)
    pages = every_page(phone_page.request)
    assert len(pages) > 50, pages
    phone_page.on(
        "console",
        lambda m: (
            broken.append(f"{current['name']}: {m.text} {m.location}")
            if m.type == "error"
            else None
        ),
    )
    for name, url in sorted(pages.items()):
        current["name"] = name
        response = phone_page.goto(url)
        assert response is not None and response.status == 200, (name, url)
        phone_page.wait_for_load_state("networkidle")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        if url.startswith("/v/"):
            # The section tab bar shows the current section, in view.
            box = phone_page.evaluate(_ACTIVE_TAB_JS)
            if box is None or (
                not box.get("fragment") and (box["left"] < 0 or box["right"] > PHONE_WIDTH)
            ):
                no_tab.append(f"{name} {url}: {box}")
        if width > PHONE_WIDTH:
            too_wide.append(f"{name} {url}: {width} px")
            screenshot(phone_page, f"too-wide-{name}")
        for text in phone_page.evaluate(_TEXTS_JS):
            why = english_in(text)
            if why:
                english.setdefault(f"{text[:160]!r} ({why})", []).append(name)
    report = [f"{t} on {sorted(set(n))[:4]}" for t, n in sorted(english.items())]
    assert not broken, f"resources that failed to load: {broken}"
    assert not too_wide and not report and not no_tab, (
        f"{len(no_tab)} pages without the current section in view:\n" + "\n".join(no_tab) + "\n"
        f"{len(too_wide)} pages wider than {PHONE_WIDTH} px:\n"
        + "\n".join(too_wide)
        + f"\n{len(report)} English texts in Indonesian pages:\n"
        + "\n".join(report)
    )


def test_recommendations_lead_with_the_result_on_a_phone(phone_page):
    phone_page.goto("/v/tegalrejo/reports/")
    first = phone_page.locator("#entry-points").bounding_box()
    form = phone_page.locator("#whatif").bounding_box()
    assert first is not None and form is not None
    assert first["y"] < form["y"], "the what-if form comes before the recommendations"
    assert first["y"] < 900, "the first recommendations are not near the top of the page"
    screenshot(phone_page, "recommendations-phone")
