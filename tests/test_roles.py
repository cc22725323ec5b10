"""People and bodies asked for by a description, learned from little articles written for these tests."""

from __future__ import annotations

from qa.answer import Evidence
from qa.answerability import judge
from qa.question import analyse
from qa.roles import aliased, described, descriptions, fills_role, learn, learn_text
from qa.text import TermStats


def evidence(*sentences: str, before: dict[int, str] | None = None) -> list[Evidence]:
    before = before or {}
    return [
        Evidence(
            doc_id=f"{i}.txt",
            title="t",
            start=0,
            end=len(s),
            text=s,
            score=0.8 - i * 0.01,
            closeness=0.4,
            before=(
                Evidence(doc_id=f"{i}.txt", title="t", start=0, end=len(before[i]), text=before[i], score=0.0)
                if i in before
                else None
            ),
        )
        for i, s in enumerate(sentences)
    ]


def verdict(question: str, *sentences: str, before: dict[int, str] | None = None):  # noqa: ANN201
    items = evidence(*sentences, before=before)
    stats = TermStats([t for e in items for t in (e.text, e.before.text if e.before else "")])
    return judge(analyse(question), items, stats, threshold=0.5)


# ----- learning ----------------------------------------------------------------------------------------


def test_a_title_before_a_name_is_learned() -> None:
    roles = learn_text("Environment Minister Clara Voss toured the flooded valley on Monday.")
    assert roles["Clara Voss"] >= {"environment", "minister"}


def test_an_apposition_after_a_name_is_learned() -> None:
    roles = learn_text("Marta Ruiz, the club's head coach, praised the defence.")
    assert "coach" in roles["Marta Ruiz"]


def test_a_role_set_off_before_a_name_is_learned() -> None:
    roles = learn_text("The league's spokesman, Tom Hale, declined to comment.")
    assert "spokesman" in roles["Tom Hale"]


def test_an_acronym_and_its_name_say_each_other() -> None:
    roles = learn_text("The European Flood Awareness System (EFAS) issued a warning.")
    assert roles["EFAS"] >= {"european", "flood", "awareness", "system"}
    assert "efas" in roles["European Flood Awareness System"]


def test_a_place_before_a_comma_gets_no_role() -> None:
    roles = learn_text("In Lyon, an aide to the mayor said the river had peaked.")
    assert "Lyon" not in roles


def test_learning_merges_several_sentences() -> None:
    roles = learn(["Coach Marta Ruiz smiled.", "Marta Ruiz, the club's captain, scored."])
    assert {"coach", "captain"} <= roles["Marta Ruiz"]


# ----- descriptions in a question ------------------------------------------------------------------------


def test_a_name_qualifying_a_role_noun_is_a_description() -> None:
    assert descriptions(analyse("What did the Bundesbank president say about inflation?")) == [
        ("Bundesbank", "president")
    ]
    assert ("Lisbon", "mayor") in descriptions(analyse("How did Lisbon's mayor react to the flooding?"))
    assert ("Geneva", "court") in descriptions(analyse("What did the court in Geneva rule?"))


def test_a_name_without_a_role_noun_is_no_description() -> None:
    assert descriptions(analyse("How much rain fell on Lisbon in March?")) == []


def test_the_described_one_is_said_by_their_name() -> None:
    roles = learn_text("Bundesbank President Karl Abend spoke in Frankfurt.")
    question = analyse("What did the Bundesbank president say about inflation?")
    assert described(question, "Abend said inflation would ease by spring.", roles) == {"Bundesbank"}


def test_two_people_with_the_same_title_are_told_apart() -> None:
    roles = learn(["Bundesbank President Karl Abend spoke.", "Lagarde Bank President Ines Moro replied."])
    question = analyse("What did the Bundesbank president say about inflation?")
    assert described(question, "Moro said inflation would ease by spring.", roles) == set()
    assert described(question, "Abend said inflation would ease by spring.", roles) == {"Bundesbank"}


def test_a_description_matching_no_one_says_nothing() -> None:
    roles = learn_text("Bundesbank President Karl Abend spoke in Frankfurt.")
    question = analyse("What did the Bundesbank chauffeur say about the traffic?")
    assert described(question, "Abend said the traffic was heavy.", roles) == set()


# ----- answerability ---------------------------------------------------------------------------------------


def test_a_described_speaker_states_the_focus() -> None:
    found = verdict(
        "What did the Bundesbank president say would happen to prices?",
        "Abend said prices would fall next year as energy costs eased.",
        before={0: "Bundesbank President Karl Abend addressed reporters in Frankfurt."},
    )
    assert found.answerable


def test_the_described_one_leads_over_another_with_the_same_role() -> None:
    found = verdict(
        "What did the Bundesbank president say about interest rates?",
        "Moro said interest rates would stay high all year.",
        "Abend said interest rates would come down in the autumn.",
        before={
            0: "Lagarde Bank President Ines Moro spoke first.",
            1: "Bundesbank President Karl Abend answered her.",
        },
    )
    assert found.answerable
    assert found.answering[0].text.startswith("Abend")


def test_without_a_description_the_order_is_kept() -> None:
    found = verdict(
        "What did the presidents say about interest rates?",
        "Moro said interest rates would stay high all year.",
        "Abend said interest rates would come down in the autumn.",
        before={
            0: "Lagarde Bank President Ines Moro spoke first.",
            1: "Bundesbank President Karl Abend answered her.",
        },
    )
    assert [e.text[:4] for e in found.answering][:2] == ["Moro", "Aben"]


def test_a_nationality_qualifying_a_role_noun_is_a_description() -> None:
    assert ("South African", "coach") in descriptions(analyse("What did the South African coach say after the final?"))
    assert descriptions(analyse("How many South African wines won medals this year?")) == []


def test_a_nationality_description_is_said_by_the_one_who_holds_it() -> None:
    roles = learn(["South African coach Pieter Nel named his side.", "Welsh coach Rhys Bowen named his."])
    question = analyse("What did the South African coach say after the final?")
    assert described(question, "Nel said the scrum had won it.", roles) == {"South African"}
    assert described(question, "Bowen said the scrum had lost it.", roles) == set()


def test_another_nationality_does_not_say_the_described_one() -> None:
    roles = learn(["Scottish coach Ewan Reid named his side."])
    question = analyse("What did the Welsh coach say after the final?")
    assert described(question, "Reid said the scrum had won it.", roles) == set()


def test_a_sentence_saying_the_description_itself_leads_too() -> None:
    found = verdict(
        "What did the Bundesbank president say about interest rates?",
        "Moro said interest rates would stay high all year.",
        "The Bundesbank president said interest rates would come down in the autumn.",
        before={0: "Lagarde Bank President Ines Moro spoke first."},
    )
    assert found.answering[0].text.startswith("The Bundesbank")


def test_with_no_one_else_in_the_role_the_order_is_kept() -> None:
    found = verdict(
        "What did the Bundesbank president say about interest rates?",
        "Analysts said interest rates would stay high all year.",
        "Abend said interest rates would come down in the autumn.",
        before={1: "Bundesbank President Karl Abend answered them."},
    )
    assert [e.text[:4] for e in found.answering][:2] == ["Anal", "Aben"]


# ----- a role filled by a learned title ------------------------------------------------------------------


def test_a_title_fills_the_asked_role_in_other_words() -> None:
    found = verdict(
        "Which Dutch premier opened the new flood barrier at Delfzijl?",
        "Dutch Prime Minister Anna Visser cut the ribbon at Delfzijl on Friday.",
    )
    assert found.answerable


def test_a_title_of_another_nationality_does_not_fill_the_role() -> None:
    question = analyse("Which Dutch premier opened the new flood barrier at Delfzijl?")
    text = "Belgian Prime Minister Anna Visser cut the ribbon at Delfzijl on Friday."
    assert not fills_role(question, text, learn_text(text))


def test_a_title_of_another_role_does_not_fill_it() -> None:
    question = analyse("Which Dutch premier opened the new flood barrier at Delfzijl?")
    text = "Dutch water engineer Anna Visser cut the ribbon at Delfzijl on Friday."
    assert not fills_role(question, text, learn_text(text))


def test_a_name_the_question_gives_does_not_fill_its_own_role() -> None:
    question = analyse("Which premier did Anna Visser meet at Delfzijl?")
    text = "Prime Minister Anna Visser cut the ribbon at Delfzijl on Friday."
    assert not fills_role(question, text, learn_text(text))


# ----- acronyms --------------------------------------------------------------------------------------------


def test_an_acronym_is_said_by_its_name_and_back() -> None:
    roles = learn_text("The European Flood Awareness System (EFAS) issued a warning.")
    by_acronym = analyse("When did EFAS warn about the Danube?")
    by_name = analyse("When did the European Flood Awareness System warn about the Danube?")
    assert aliased(by_acronym, "The European Flood Awareness System warned on May 3.", roles) == {"EFAS"}
    assert aliased(by_name, "EFAS warned on May 3.", roles) == {"European Flood Awareness System"}


def test_an_unrelated_acronym_says_nothing() -> None:
    roles = learn_text("The European Flood Awareness System (EFAS) issued a warning.")
    assert aliased(analyse("When did the WMO warn about the Danube?"), "EFAS warned on May 3.", roles) == set()


def test_a_focus_named_by_acronym_is_stated_by_its_name() -> None:
    found = verdict(
        "When did EFAS warn about the Danube?",
        "The European Flood Awareness System warned about the Danube on May 3.",
        before={0: "The European Flood Awareness System (EFAS) watches rivers."},
    )
    assert found.answerable


def test_a_long_clause_before_a_comma_is_no_apposition() -> None:
    roles = learn_text("In the weekly column of the city's largest newspaper, Ann Lee wrote about the floods.")
    assert "Ann Lee" not in roles


def test_a_heading_ending_in_a_role_noun_titles_no_one_on_the_next_line() -> None:
    roles = learn_text("Weather Service Channel\nAnn Lee reports from the coast.")
    assert "Ann Lee" not in roles
