"""The app's named endpoints, called with gradio_client against the real app on loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser.served_app import ServedApp, served_app, serving
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError, AuthenticationError

pytestmark = pytest.mark.integration

ZORBLAT = """The Zorblat festival in Quixville

The annual Zorblat festival in Quixville drew 12,000 visitors this year, organisers said on Saturday.
The festival celebrates the town's purple turnip harvest with a parade of giant paper lanterns.
Mayor Ottoline Brask opened the festival by ringing the old copper bell in the market square.
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    with served_app(tmp_path_factory.mktemp("app-api") / "store") as served:
        yield served


@pytest.fixture(scope="module")
def client(app: ServedApp) -> Client:
    return Client(app.url, verbose=False, analytics_enabled=False)


def test_ask_returns_a_cited_answer_whose_quotes_are_in_the_documents(app: ServedApp, client: Client) -> None:
    answer = client.predict("How many years since Putin's last visit to North Korea?", api_name="/ask")

    assert not answer["abstained"]
    assert "24" in answer["text"]
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer["text"])}
    assert markers and markers == {c["n"] for c in answer["citations"]}
    for citation in answer["citations"]:
        text = app.assistant.document_text(citation["doc_id"])
        assert text[citation["start"] : citation["end"]] == citation["quote"]
    assert answer["backend"] == app.assistant.backend
    assert answer["model"] == app.assistant.model


def test_ask_takes_history_and_searches_a_standalone_query(client: Client) -> None:
    history = [
        {
            "role": "user",
            "content": "Which Pentagon spokesperson commented on the cooperation between Russia and the DPRK?",
        },
        {"role": "assistant", "content": "Pat Ryder commented on it."},
    ]
    answer = client.predict("What did he say?", history, api_name="/ask")

    assert answer["question"] == "What did he say?"
    assert answer["query"] != answer["question"]  # the follow-up was rewritten using the history
    assert answer["abstained"] or answer["citations"]


def test_an_empty_question_is_refused_with_a_clear_message(client: Client) -> None:
    with pytest.raises(AppError, match="empty"):
        client.predict("   ", api_name="/ask")


def test_a_malformed_history_is_refused_with_a_clear_message(client: Client) -> None:
    with pytest.raises(AppError, match="history"):
        client.predict("What did he say?", [{"speaker": "me", "text": "hi"}], api_name="/ask")


def test_an_uploaded_article_can_be_asked_about(app: ServedApp, client: Client, tmp_path: Path) -> None:
    article = tmp_path / "zorblat_festival.txt"
    article.write_text(ZORBLAT, encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")

    report = client.predict([handle_file(str(article)), handle_file(str(broken))], api_name="/ingest")

    assert report["added"] == ["zorblat_festival.txt"]
    assert [f["file"] for f in report["failed"]] == ["broken.txt"]
    assert "binary" in report["failed"][0]["reason"]
    assert "zorblat_festival.txt" in [d.doc_id for d in app.assistant.documents()]

    answer = client.predict("How many visitors did the Zorblat festival in Quixville draw?", api_name="/ask")
    assert not answer["abstained"]
    assert "12,000" in answer["text"]
    assert answer["citations"][0]["doc_id"] == "zorblat_festival.txt"

    again = client.predict([handle_file(str(article))], api_name="/ingest")
    assert again["unchanged"] == ["zorblat_festival.txt"] and not again["added"]


def test_with_a_login_set_the_app_refuses_anonymous_clients(app: ServedApp) -> None:
    settings = app.settings.model_copy(update={"auth_user": "editor", "auth_password": "s3cret"})
    with serving(app.assistant, settings) as url:
        with pytest.raises(AuthenticationError, match="login"):
            Client(url, verbose=False, analytics_enabled=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(url, auth=("editor", "wrong"), verbose=False, analytics_enabled=False)
        logged_in = Client(url, auth=("editor", "s3cret"), verbose=False, analytics_enabled=False)
        answer = logged_in.predict("Where in Pyongyang was the welcome ceremony for Putin held?", api_name="/ask")
    assert "Kim Il Sung Square" in answer["text"]


def test_twenty_simultaneous_questions_are_all_answered(client: Client) -> None:
    questions = [
        "How many years since Putin's last visit to North Korea?",
        "Where in Pyongyang was the welcome ceremony for Putin held?",
        "Which Russian state news agency quoted Putin at the start of his talks with Kim?",
        "What does the new pact between Russia and North Korea include?",
    ] * 5
    jobs = [client.submit(q, api_name="/ask") for q in questions]
    answers = [job.result(timeout=120) for job in jobs]

    assert len(answers) == 20
    assert [a["question"] for a in answers] == questions
    assert all(a["text"] for a in answers)
    # The same question gets the same answer however many are in flight.
    assert len({a["text"] for a in answers if a["question"] == questions[0]}) == 1


def _call_ingest_raw(url: str, files: list[dict[str, object]]) -> tuple[str, str]:
    """POST to the ingest endpoint as a hand-written client would, without gradio_client's upload step."""
    import httpx

    base = url.rstrip("/")
    with httpx.Client(timeout=60) as http:
        event = http.post(f"{base}/gradio_api/call/ingest", json={"data": [files]}).json()["event_id"]
        body = http.get(f"{base}/gradio_api/call/ingest/{event}").text
    kind = re.findall(r"^event: (\w+)", body, flags=re.M)[-1]
    return kind, body


@pytest.mark.parametrize("with_meta", [False, True])
def test_the_ingest_endpoint_refuses_server_files_that_were_not_uploaded(
    app: ServedApp, client: Client, tmp_path: Path, with_meta: bool
) -> None:
    secret = tmp_path / "planted_secret.txt"
    secret.write_text("The vault code of the Quorvex bank is 7731-XYZ, said the Quorvex treasurer.\n", encoding="utf-8")
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "passwd.txt").symlink_to("/etc/passwd")
    before = [d.doc_id for d in app.assistant.documents()]
    meta = {"meta": {"_type": "gradio.FileData"}} if with_meta else {}

    for target in (secret, linked, linked / "passwd.txt", Path("/tmp/gradio/../../") / secret.relative_to("/")):
        kind, body = _call_ingest_raw(app.url, [{"path": str(target), **meta}])
        assert kind == "error", body
        assert "Traceback" not in body

    assert [d.doc_id for d in app.assistant.documents()] == before
    answer = client.predict("What is the vault code of the Quorvex bank?", api_name="/ask")
    assert "7731" not in answer["text"] and all("root:" not in c["quote"] for c in answer["citations"])
