"""The real app in headless Chromium: ask, follow a citation to its passage, upload an article and ask about it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser.served_app import ARTIFACTS, ServedApp, served_app

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ZORBLAT = """The Zorblat festival in Quixville

The annual Zorblat festival in Quixville drew 12,000 visitors this year, organisers said on Saturday.
The festival celebrates the town's purple turnip harvest with a parade of giant paper lanterns.
Mayor Ottoline Brask opened the festival by ringing the old copper bell in the market square.
"""

# Stamps, in page time, the Enter key press, the first assistant text and the finished answer
# (the "Searched:" line is only drawn once the final Answer has arrived).
TIMING_PROBE = """
() => {
  const chat = document.querySelector("#chat");
  const count = (selector) => chat.querySelectorAll(selector).length;
  const before = { text: count(".answer, .notice"), done: count(".searched") };
  const stamps = {};
  window.__answerTimes = stamps;
  document.querySelector("#question textarea").addEventListener(
    "keydown", (e) => { if (e.key === "Enter") stamps.enter = performance.now(); }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (stamps.first === undefined && count(".answer, .notice") > before.text) stamps.first = performance.now();
    if (stamps.done === undefined && count(".searched") > before.done) {
      stamps.done = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(chat, { childList: true, subtree: true, characterData: true });
}
"""


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"{CHROMIUM} is missing in CI: install Debian's chromium (make browser)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium, or make browser)")
    return CHROMIUM


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with served_app(tmp_path_factory.mktemp("app-browser") / "store") as served:
        yield served


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, app: ServedApp) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(app.url)
    page.wait_for_selector("#question textarea")
    yield page
    context.close()


def ask(page: Any, question: str) -> dict[str, float]:
    """Type a question, press Enter, wait for the finished answer; returns seconds to first text and to the end."""
    page.evaluate(TIMING_PROBE)
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function("() => window.__answerTimes.done !== undefined")
    stamps = page.evaluate("window.__answerTimes")
    return {
        "question": question,
        "time_to_first_text_s": round((stamps["first"] - stamps["enter"]) / 1000, 3),
        "time_to_full_answer_s": round((stamps["done"] - stamps["enter"]) / 1000, 3),
    }


def test_a_streamed_answer_links_each_citation_to_its_highlighted_passage(page: Any, app: ServedApp) -> None:
    from playwright.sync_api import expect

    question = "What does the new pact between Russia and North Korea include?"
    timings = [ask(page, question)]
    expected = app.assistant.ask(question)

    reply = page.locator("#chat .answer").last
    expect(reply).to_contain_text("mutual assistance")
    expect(page.locator("#chat .searched").last).to_contain_text(f"Searched: “{expected.query}”")
    links = reply.locator("a.cite")
    assert links.count() == len(expected.citations) > 0
    page.screenshot(path=str(ARTIFACTS / "browser_answer.png"))

    last = expected.citations[-1]
    link = links.nth(links.count() - 1)
    assert link.inner_text() == f"[{last.n}]"
    link.click()
    source = page.locator(link.get_attribute("href"))
    expect(source).to_be_in_viewport()
    expect(source).to_have_class(re.compile(r"\bactive\b"))
    expect(source.locator("mark")).to_have_text(last.quote)
    expect(source).to_contain_text(last.doc_id)
    page.screenshot(path=str(ARTIFACTS / "browser_citation.png"))

    # A follow-up is searched as a standalone query built from the conversation, and the UI shows it.
    follow_up = "Who reported that?"
    timings.append(ask(page, follow_up))  # timed before the assistant below warms its caches for it
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": expected.text}]
    standalone = app.assistant.ask(follow_up, history).query
    assert standalone != follow_up
    expect(page.locator("#chat .searched")).to_have_count(2)
    expect(page.locator("#chat .searched").last).to_have_text(f"Searched: “{standalone}”")

    page.get_by_role("button", name="New conversation").click()
    expect(page.locator("#chat .searched")).to_have_count(0)
    expect(page.locator("#sources .source")).to_have_count(0)
    (ARTIFACTS / "ui_timings.json").write_text(
        json.dumps({"backend": app.assistant.backend, "model": app.assistant.model, "runs": timings}, indent=2)
    )
    for run in timings:
        assert 0 < run["time_to_first_text_s"] <= run["time_to_full_answer_s"]  # timings are reported, not judged


def test_an_uploaded_article_is_listed_cited_and_deleted(page: Any, app: ServedApp, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    article = tmp_path / "zorblat_festival.txt"
    article.write_text(ZORBLAT, encoding="utf-8")

    page.get_by_role("tab", name="Articles").click()
    expect(page.locator("#documents")).to_contain_text("004_cde27cff9f0fd582.txt")
    page.locator("#upload input[type=file]").set_input_files(str(article))
    expect(page.locator("#report")).to_contain_text("added")
    expect(page.locator("#documents")).to_contain_text("zorblat_festival.txt")
    expect(page.locator("#documents")).to_contain_text("The Zorblat festival in Quixville")
    page.wait_for_timeout(500)  # outputs fade back in after an event; only the screenshot cares
    page.screenshot(path=str(ARTIFACTS / "browser_upload.png"), full_page=True)

    page.get_by_role("tab", name="Ask").click()
    ask(page, "How many visitors did the Zorblat festival in Quixville draw?")
    expect(page.locator("#chat .answer").last).to_contain_text("12,000")
    expect(page.locator("#sources .source").first).to_contain_text("zorblat_festival.txt")
    expect(page.locator("#sources .source mark").first).to_contain_text("12,000 visitors")
    page.screenshot(path=str(ARTIFACTS / "browser_uploaded_answer.png"))

    page.get_by_role("tab", name="Articles").click()
    page.locator("#delete-choice input").click()
    page.get_by_role("option", name="zorblat_festival.txt").click()
    page.locator("#delete").click()
    expect(page.locator("#documents")).not_to_contain_text("zorblat_festival.txt")
    expect(page.locator("#documents")).to_contain_text("004_cde27cff9f0fd582.txt")
    assert "zorblat_festival.txt" not in [d.doc_id for d in app.assistant.documents()]


def test_an_empty_question_shows_a_short_message_and_no_answer(page: Any) -> None:
    from playwright.sync_api import expect

    page.fill("#question textarea", "   ")
    page.press("#question textarea", "Enter")
    expect(page.get_by_text("The question is empty.")).to_be_visible()
    expect(page.locator("#chat .answer, #chat .notice")).to_have_count(0)
