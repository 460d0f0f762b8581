"""The action checker on real-looking actions: every vague one flagged, no specific one.

Each list was written as a chair types: the vague ones are what a child protection
manager sends back ("Mum to try harder"), the specific ones say what someone will do
that others could see or count. ``cinchair check`` and the meeting window both use this
checker (``cinchair.domain.smart`` calls it), so these lists hold for both.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from cinchair.domain.action_language import ActionLanguage, Rule, assess, language_file
from tests.sync_kit import Demo

VAGUE = [
    "Mum to try harder",
    "Dad to try his best to get the children to school on time",
    "Mum to engage with the family support worker",
    "Parents to engage in parenting support",
    "Social worker to work with the family on routines",
    "Mum to work on her parenting",
    "Dad to be more patient with Leo",
    "Parents to be better at setting boundaries",
    "Mum to continue to improve the home conditions",
    "Family to continue to engage with services",
    "Mum to ensure Leo attends school",
    "Parents to ensure the children are safe",
    "Dad to reflect on the impact of his drinking",
    "Mum to think about how the arguments affect the children",
    "Leo to make better choices",
    "Jade to make safer choices online",
    "Parents to address the concerns raised by school",
    "Social worker to address the issues in the home",
    "Health visitor to monitor Ruby's weight",
    "School to monitor attendance",
    "Family support worker to support the family",
    "Early help to support Mum",
    "Dad to help out more at home",
    "Grandma to help out more with childcare",
    "Social worker to liaise with school",
    "Parents to cooperate with professionals",
    "Mum to take responsibility for the children's care",
    "Social worker to build a relationship with Leo",
    "Parents to explore options for nursery",
    "Mum to look into housing options",
    "Leo's behaviour to improve",
    "Dad to stop drinking",
    "Mum to keep the house clean",
    "Parents to maintain a safe home",
    "Mum to be open and honest with professionals",
    "Family to receive ongoing support",
    "Social worker to visit regularly",
    "Mum to manage her mental health",
    "Parents to encourage Leo to go to school",
    "Mum to be supported to manage her finances",
    "Mum to access support for her mental health",
    "Dad to develop an understanding of the impact of domestic abuse",
    "Social worker to visit Leo",
    "Mum's mental health",
    "Mum to keep the children safe",
    "Dad to be a positive role model",
    "Parents to communicate better",
    "Mum to seek help for her drinking",
    "Social worker to keep in touch with the family",
    "Leo to behave in school",
    "Parents to show they can meet the children's needs",
    "Professionals to share information",
    "Mum to spend more quality time with the children",
    "Dad to control his temper",
    "Social worker to do direct work with Leo",
    "Mum to use strategies from the parenting course",
    "Parents to put boundaries in place",
]

SPECIFIC = [
    "Walk Leo to breakfast club at 8:00 on Monday, Wednesday and Friday",
    "Mum to walk Amelia to school every weekday and sign her in at reception",
    "Social worker to visit every two weeks and see Amelia alone",
    "Attend 6 Triple P sessions at the family hub",
    "Book a GP appointment about low mood",
    "Refer Katarzyna to Talking Therapies with a Polish interpreter",
    "Send a weekly attendance summary to Katarzyna and Priya every Friday",
    "Four one-to-one sessions with Amelia about worries and sleep",
    "Six home sessions agreeing a bedtime routine with Katarzyna and Halina",
    "Attend the 8-week Triple P parenting group at the family hub",
    "Health visitor to weigh Ruby at the baby clinic on the first Tuesday of each month",
    "Dad to attend the drug and alcohol service every Thursday at 10:00",
    "Dad to give a hair strand test by 1 March and share the result with the social worker",
    "Mum to put Leo to bed by 7:30 each school night",
    "School to phone Mum by 9:30 on any day Leo is absent",
    "Housing officer to fit a stair gate and window locks",
    "Social worker to apply for a nursery place at Little Acorns",
    "Mum to register with a GP near the new flat",
    "Dad to complete the Caring Dads programme (17 weekly sessions)",
    "School nurse to hold a drop-in with Jade every Wednesday lunchtime",
    "Grandma to collect the children from school on Tuesdays and Thursdays",
    "Mum to keep a sleep diary for Leo for four weeks and bring it to the next review",
    "Family support worker to run six weekly sessions on budgeting with Mum",
    "Social worker to see Leo alone at school at least once a month",
    "Mum to take Ruby to all health visitor appointments",
    "Dad to phone Leo every Sunday at 6pm",
    "School to send home a daily behaviour chart for Mum to sign",
    "Mum to take her medication each morning and tick it off on the chart",
    "Leo to attend football club every Saturday morning",
    "Social worker to write to the landlord about the damp by 15 January",
    "Parents to agree a written safety plan with the social worker at the next visit",
    "Early help worker to arrange a Team Around the Family meeting in February",
    "Mum to enrol Ruby at the children's centre stay and play on Fridays",
    "Dad to move out of the family home and give his new address to the social worker",
    "Reduce Leo's screen time to one hour each evening, turned off at 8pm",
    "School to hold a meeting with the SENCo and Mum to agree an EHCP application",
    "Maintain Leo's attendance above 95% each half term",
    "Encourage Leo to read for 20 minutes every evening with Mum",
    "CAMHS to offer Jade an assessment appointment within 6 weeks",
    "Mum to pay the rent arrears at £20 a week through the housing office",
    "Interpreter to attend every review and home visit",
    "Mum to see her GP about her low mood with an Arabic interpreter",
    "Social worker to complete direct work with Leo using Three Houses before the next review",
]


@pytest.fixture
def demo_record(demo: Demo) -> dict:
    """The demo review's record, to change freely."""
    return copy.deepcopy(demo.review)


def test_the_lists_are_big_enough() -> None:
    assert len(set(VAGUE)) >= 40
    assert len(set(SPECIFIC)) >= 40


@pytest.mark.parametrize("action", VAGUE)
def test_vague_action_is_flagged_with_advice(action: str) -> None:
    found = assess(action)
    assert found is not None, action
    assert found.advice
    assert action.split()[0] in found.message(f"Action 1.1 {action!r}")


@pytest.mark.parametrize("action", SPECIFIC)
def test_specific_action_passes(action: str) -> None:
    assert assess(action) is None


@pytest.mark.parametrize(
    ("action", "rule", "words"),
    [
        ("Mum to try harder", Rule.VAGUE_PHRASE, "try harder"),
        ("Mum to engage with services every week", Rule.VAGUE_PHRASE, "engage"),
        ("Dad to stop drinking", Rule.UNMEASURED, "stop"),
        ("Social worker to visit Leo", Rule.NO_FREQUENCY, "visit"),
        ("Mum's mental health", Rule.NOTHING_OBSERVABLE, "Mum's mental health"),
    ],
)
def test_each_rule_says_which_words(action: str, rule: Rule, words: str) -> None:
    found = assess(action)
    assert found is not None
    assert (found.rule, found.words) == (rule, words)


def test_a_measure_answers_the_unless_measured_phrases() -> None:
    assert assess("Dad to stop drinking") is not None
    assert assess("Dad to stop drinking and give a hair strand test by 1 March") is None
    assert assess("Visit regularly") is not None
    assert assess("Visit regularly, at least every two weeks") is None


def test_curly_quotes_and_extra_spaces_read_as_typed() -> None:
    assert assess("Mum  to   \u2018try harder\u2019") is not None
    assert assess("Dad to phone Leo\u2019s school every Friday at 9:00") is None


def test_empty_text_is_left_to_the_no_description_check() -> None:
    assert assess("   ") is None


def test_the_shipped_word_list_compiles() -> None:
    language = ActionLanguage.from_toml(language_file().read_text(encoding="utf-8"))
    assert language.phrases  # the vague phrases were read, not an empty list


def test_a_broken_word_list_names_itself() -> None:
    with pytest.raises(ValueError, match="my-list"):
        ActionLanguage.from_toml("[[vague]]\npattern = '('\n", "my-list")
    with pytest.raises(ValueError, match="kind"):
        ActionLanguage.from_toml(
            "[[vague]]\nkind = 'sometimes'\npattern = 'x'\nadvice = 'y'\n"
            "[anchors]\npatterns = []\n[observable]\none_off = []\nrecurring = []\n"
        )


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``cinchair check PATH`` run in this process: its exit status, stdout and stderr."""
    from cinchair.cli.main import main

    status = main(["check", str(path)])
    out = capsys.readouterr()
    return status, out.out, out.err


def _record_with_actions(record: dict, texts: list[str]) -> dict:
    actions = [a for o in record["plan"]["outcomes"] for a in o["actions"]]
    for action, text in zip(actions, texts, strict=False):
        action["what"] = text
        action["status"] = "in-progress"
    return record


def test_cinchair_check_flags_every_vague_action_and_no_specific_one(
    demo_record: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    actions = [a for o in demo_record["plan"]["outcomes"] for a in o["actions"]]
    for batch_start in range(0, len(VAGUE), len(actions)):
        batch = VAGUE[batch_start : batch_start + len(actions)]
        path = tmp_path / f"vague-{batch_start}.json"
        path.write_text(json.dumps(_record_with_actions(copy.deepcopy(demo_record), batch)))
        status, out, err = _check(path, capsys)
        assert status == 0, err
        vague = {f["where"] for f in json.loads(out)["findings"] if f["rule"] == "vague-action"}
        assert len(vague) == len(batch), batch
    for batch_start in range(0, len(SPECIFIC), len(actions)):
        batch = SPECIFIC[batch_start : batch_start + len(actions)]
        path = tmp_path / f"specific-{batch_start}.json"
        path.write_text(json.dumps(_record_with_actions(copy.deepcopy(demo_record), batch)))
        status, out, err = _check(path, capsys)
        assert status == 0, err
        findings = json.loads(out)["findings"]
        assert [f for f in findings if f["rule"] == "vague-action"] == [], batch


def test_cinchair_check_names_where_and_exits_2_on_a_bad_record(
    demo_record: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _record_with_actions(
        demo_record, ["Walk Leo to school at 8:15 every weekday", "Mum to try harder"]
    )
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record))
    findings = json.loads(_check(path, capsys)[1])["findings"]
    tried = [f for f in findings if f["rule"] == "vague-action"]
    assert [(f["where"], f["severity"]) for f in tried] == [
        ("plan/outcomes/0/actions/1", "problem")
    ]
    (tmp_path / "junk.json").write_text("{not json")
    status, _out, err = _check(tmp_path / "junk.json", capsys)
    assert status == 2
    assert "junk.json" in err
    assert _check(tmp_path / "missing.json", capsys)[0] == 2
