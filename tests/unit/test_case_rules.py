"""Case rules: stage scripts, risk hints, wrap-up checks and the call score."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from softphone.assist.matcher import PhraseMatcher
from softphone.assist.rules import load_pack, pack_dir
from softphone.crm.model import (Case, ContactNumber, Customer, Disposition, EarlyBucket, Loan, OverdueStage, Promise,
                                 PromiseState, Relation, WrapUp, bucket_for_days, stage_for_days)
from softphone.crm.risk import risk_hints
from softphone.crm.scripts import ScriptBook, ScriptError, load_scripts, script_dir
from softphone.crm.views import RiskKind, ScriptView
from softphone.crm.wrapup import check, score
from softphone.errors import SoftphoneError
from softphone.i18n import Msg
from softphone.states import Severity

TODAY = date(2026, 3, 10)
NOW = 1_773_000_000.0


# -- scripts ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zh() -> ScriptBook:
    return load_scripts(script_dir("zh"))


@pytest.fixture(scope="module")
def ko() -> ScriptBook:
    return load_scripts(script_dir("ko"))


def _shown(book: ScriptBook, stage: OverdueStage, bucket: EarlyBucket | None = None, intent: str = "") -> ScriptView:
    view = book.script_for(stage, bucket, intent)
    assert view is not None, (stage, bucket, intent)
    return view


def _all_texts(book: ScriptBook) -> list[str]:
    texts = [book.script_for(stage, None) for stage in OverdueStage]
    texts += [book.script_for(OverdueStage.M1, bucket) for bucket in EarlyBucket]
    texts += [v.text.view(OverdueStage.M1, None, v.name) for v in book.variants]
    return [t for view in texts if view for t in (view.title, view.opening, *view.key_points, view.closing)]


def test_the_shipped_zh_scripts_load_with_every_stage_bucket_and_intent_variant(zh: ScriptBook) -> None:
    assert zh.language == "zh" and zh.version and zh.name
    for stage in OverdueStage:
        view = zh.script_for(stage, None)
        assert view is not None and view.stage is stage and view.bucket is None and view.variant == ""
        assert 3 <= len(view.key_points) <= 6 and view.title and view.opening and view.closing
    titles = {_shown(zh, OverdueStage.M1, bucket).title for bucket in EarlyBucket}
    assert len(titles | {_shown(zh, OverdueStage.M1).title}) == 4  # each bucket has its own script
    assert {"dispute", "hardship", "complaint", "third_party"} <= {v.name for v in zh.variants}


def test_the_shipped_ko_scripts_load_with_the_four_stages_and_a_variant(ko: ScriptBook) -> None:
    assert ko.language == "ko"
    assert all(ko.script_for(stage, None) is not None for stage in OverdueStage)
    assert ko.variants
    view = ko.script_for(OverdueStage.M1, EarlyBucket.D1_3)  # no bucket scripts in ko: the stage's script
    assert view is not None and view.bucket is None and "M1" in view.title
    chosen = ko.script_for(OverdueStage.M2, None, "고객이 실직하여 분할 상환을 원함")
    assert chosen is not None and chosen.variant == "hardship"


@pytest.mark.parametrize("language", ["zh", "ko"])
def test_no_shipped_script_says_what_the_agent_phrase_rules_forbid(language: str) -> None:
    book = load_scripts(script_dir(language))
    matcher = PhraseMatcher(load_pack(pack_dir(language)).rules)
    flagged = [(text, [m.rule.id for m in found]) for text in _all_texts(book)
               if (found := matcher.find(text, "agent"))]
    assert flagged == []


@pytest.mark.parametrize("days, stage, bucket", [
    (0, OverdueStage.M0, None),
    (2, OverdueStage.M1, EarlyBucket.D1_3),
    (5, OverdueStage.M1, EarlyBucket.D4_5),
    (7, OverdueStage.M1, EarlyBucket.D6_8),
    (20, OverdueStage.M1, None),
    (45, OverdueStage.M2, None),
    (90, OverdueStage.M3_PLUS, None),
])
def test_the_script_follows_the_days_overdue(zh: ScriptBook, days: int, stage: OverdueStage,
                                             bucket: EarlyBucket | None) -> None:
    view = zh.script_for(stage_for_days(days), bucket_for_days(days))
    assert view is not None
    assert (view.stage, view.bucket, view.variant) == (stage, bucket, "")
    assert stage.value in view.title and (bucket is None or bucket.value in view.title)


def test_the_intent_of_the_hand_off_chooses_a_variant(zh: ScriptBook) -> None:
    dispute = zh.script_for(OverdueStage.M1, EarlyBucket.D4_5, "客户对账单金额有异议")
    assert dispute is not None and dispute.variant == "dispute" and dispute.stage is OverdueStage.M1
    assert "异议" in dispute.title
    assert _shown(zh, OverdueStage.M2, None, "协商还款计划").variant == "hardship"  # the demo bot's intent
    assert _shown(zh, OverdueStage.M3_PLUS, None, "客户要投诉").variant == "complaint"
    third = zh.script_for(OverdueStage.M1, None, "接电话的是家属")
    assert third is not None and third.variant == "third_party"
    plain = zh.script_for(OverdueStage.M1, EarlyBucket.D4_5, "询问还款方式")
    assert plain is not None and plain.variant == "" and plain.bucket is EarlyBucket.D4_5


def test_a_stage_limited_variant_is_not_chosen_outside_its_stages(zh: ScriptBook) -> None:
    before_due = zh.script_for(OverdueStage.M0, None, "客户失业想申请延期")
    assert before_due is not None and before_due.variant == "hardship_before_due"
    overdue = zh.script_for(OverdueStage.M2, None, "客户失业想申请延期")
    assert overdue is not None and overdue.variant == "hardship"


PACK = '[pack]\nlanguage = "zh"\nversion = "1"\nname = "test"\n'
M1 = '''# M1
[[script]]
stage = "M1"
title = "M1 逾期"
opening = "您好"
key_points = ["一", "二", "三"]
closing = "再见"
'''
LATE_ONLY = '''
[[variant]]
name = "late_hardship"
keywords = ["困难"]
stages = ["M3+"]
title = "困难"
opening = "您好"
key_points = ["一", "二", "三"]
closing = "再见"

[[script]]
stage = "M3+"
title = "M3+ 逾期"
opening = "您好"
key_points = ["一", "二", "三"]
closing = "再见"
'''


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "zh"
    folder.mkdir(exist_ok=True)
    (folder / "pack.toml").write_text(PACK, encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_variant_for_some_stages_leaves_the_others_their_stage_script(tmp_path: Path) -> None:
    book = load_scripts(_folder(tmp_path, m1=M1, late=LATE_ONLY))
    m1 = book.script_for(OverdueStage.M1, EarlyBucket.D1_3, "客户说有困难")
    assert m1 is not None and (m1.variant, m1.title, m1.bucket) == ("", "M1 逾期", None)
    late = book.script_for(OverdueStage.M3_PLUS, None, "客户 说有 困难")
    assert late is not None and late.variant == "late_hardship"
    assert book.script_for(OverdueStage.M2, None) is None  # no script written for M2


@pytest.mark.parametrize("text, line, detail", [
    (M1.replace('stage = "M1"', 'stage = "M5"'), 2, "'stage' is 'M5'; allowed: M0, M1, M2, M3+"),
    (M1.replace('closing = "再见"\n', ""), 2, "missing field 'closing'"),
    (M1.replace('closing = "再见"', 'closing = "再见"\ncolour = "red"'), 2, "unknown field 'colour'"),
    (M1.replace('opening = "您好"', 'opening = "  "'), 2, "'opening' must be a non-empty text"),
    (M1.replace('stage = "M1"', 'stage = "M1"\nbucket = "9-12"'), 2, "'bucket' is '9-12'; allowed: 1-3, 4-5, 6-8"),
    (M1.replace('stage = "M1"', 'stage = "M2"\nbucket = "1-3"'), 2, "a bucket belongs to stage M1 only, not M2"),
    (M1.replace('["一", "二", "三"]', '["一", "二"]'), 2, "'key_points' has 2 entries; it needs 3 to 6"),
    (M1 + "\n" + M1.replace("# M1\n", ""), 9, "a script for M1 is written twice (also at m1.toml:2)"),
    (M1.replace("[[script]]", "[[scripts]]"), 0, "unexpected table or key 'scripts'"),
    (M1 + '\n[[variant]]\nname = "Dispute!"\nkeywords = ["异议"]\ntitle = "t"\nopening = "o"\n'
          'key_points = ["1", "2", "3"]\nclosing = "c"\n', 9, "name 'Dispute!' may hold only"),
    (M1.replace("stage =", "stage = = "), 3, "not valid TOML"),
])
def test_a_broken_script_file_names_the_file_the_line_and_what_is_wrong(tmp_path: Path, text: str, line: int,
                                                                       detail: str) -> None:
    folder = _folder(tmp_path, m1=text)
    with pytest.raises(ScriptError) as caught:
        load_scripts(folder)
    err = caught.value
    assert isinstance(err, SoftphoneError) and isinstance(err.detail, Msg)
    assert err.where == (f"m1.toml:{line}" if line else "m1.toml")
    assert str(err).startswith(f"{err.where}: ") and detail in err.detail


def test_a_script_folder_must_name_its_language_and_hold_a_script(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with pytest.raises(ScriptError, match="no \\[\\[script\\]\\]"):
        load_scripts(folder)
    (folder / "pack.toml").write_text(PACK.replace('"zh"', '"ko"'), encoding="utf-8")
    with pytest.raises(ScriptError, match="pack.toml: language 'ko' differs from the folder name 'zh'"):
        load_scripts(folder)


# -- risk hints -------------------------------------------------------------------------------------

OWN = ContactNumber("13812345678")


def _case(**changes: object) -> Case:
    loan = Loan("HT-1", "消费贷", 1_000_000, 800_000, 0.18, 100_000, TODAY - timedelta(days=12), 12, OverdueStage.M1)
    clean = Case("C-1", Customer("张三"), loans=(loan,), numbers=(OWN,), lenders_count=1)
    return dataclasses.replace(clean, **changes)  # type: ignore[arg-type]


def _broken(days_ago: int) -> Promise:
    due = TODAY - timedelta(days=days_ago)
    return Promise(due - timedelta(days=3), due, 50_000, PromiseState.BROKEN)


def test_a_clean_case_has_no_risk_hints() -> None:
    assert risk_hints(_case(), today=TODAY) == ()
    assert risk_hints(_case(promises=(_broken(3),), lenders_count=2), frozenset({"other"}), TODAY) == ()


@pytest.mark.parametrize("changes, said, kind, figure", [
    ({"lenders_count": 4}, (), RiskKind.MULTI_LENDER, "4"),
    ({"complaints": 2}, (), RiskKind.COMPLAINTS, "2"),
    ({"promises": (_broken(3), _broken(20), _broken(45))}, (), RiskKind.BROKEN_PROMISES, "2"),
    ({}, ("hardship",), RiskKind.HARDSHIP_SAID, "hardship"),
    ({}, ("complaint",), RiskKind.COMPLAINT_SAID, "complaint"),
    ({"vulnerable": True}, (), RiskKind.VULNERABLE, "vulnerable"),
    ({"numbers": (ContactNumber("13900001111", Relation.SPOUSE, True), dataclasses.replace(OWN, do_not_contact=True),
                  ContactNumber("13900002222", Relation.PARENT))}, (), RiskKind.THIRD_PARTY_ONLY, "3"),
])
def test_each_risk_hint_comes_with_its_reason(changes: dict[str, object], said: tuple[str, ...], kind: RiskKind,
                                              figure: str) -> None:
    hints = risk_hints(_case(**changes), frozenset(said), TODAY)
    assert [h.kind for h in hints] == [kind]
    reason = hints[0].reason
    assert isinstance(reason, Msg) and figure in reason
    if figure.isdigit():
        assert figure in reason.args


def test_risk_hint_thresholds() -> None:
    assert risk_hints(_case(lenders_count=3), today=TODAY)[0].kind is RiskKind.MULTI_LENDER
    assert risk_hints(_case(lenders_count=3), today=TODAY, multi_lender_threshold=5) == ()
    assert risk_hints(_case(promises=(_broken(1), _broken(31))), today=TODAY) == ()  # one inside the 30 days
    assert risk_hints(_case(numbers=()), today=TODAY) == ()  # no number at all: nothing to warn of


def test_risk_hints_come_most_serious_first() -> None:
    case = _case(lenders_count=5, complaints=1, vulnerable=True, promises=(_broken(2), _broken(9)),
                 numbers=(ContactNumber("13900001111", Relation.FRIEND),))
    kinds = [h.kind for h in risk_hints(case, frozenset({"hardship", "complaint"}), TODAY)]
    assert kinds == [RiskKind.COMPLAINT_SAID, RiskKind.VULNERABLE, RiskKind.HARDSHIP_SAID, RiskKind.COMPLAINTS,
                     RiskKind.BROKEN_PROMISES, RiskKind.MULTI_LENDER, RiskKind.THIRD_PARTY_ONLY]


# -- wrap-up ----------------------------------------------------------------------------------------

def _wrapup(disposition: Disposition = Disposition.PROMISE_TO_PAY, **fields: object) -> WrapUp:
    if disposition is Disposition.PROMISE_TO_PAY:
        fields = {"promise_due": TODAY + timedelta(days=5), "promise_amount_fen": 100_000, **fields}
    return WrapUp("call-1", "C-1", disposition, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("wrapup", [
    _wrapup(),
    _wrapup(promise_due=TODAY, promise_amount_fen=800_000),  # today, the whole balance
    _wrapup(promise_due=TODAY + timedelta(days=30)),
    _wrapup(Disposition.CALLBACK, callback_at=NOW + 3600),
    _wrapup(Disposition.NO_ANSWER),
    _wrapup(Disposition.PAID, note="客户已通过 App 还款" * 10),
])
def test_a_good_wrap_up_passes(wrapup: WrapUp) -> None:
    assert check(wrapup, _case(), TODAY, now=NOW) == []


@pytest.mark.parametrize("wrapup, said", [
    (_wrapup(promise_due=None), "needs the day"),
    (_wrapup(promise_amount_fen=None), "needs the amount"),
    (_wrapup(promise_due=TODAY - timedelta(days=1)), "2026-03-09 is in the past"),
    (_wrapup(promise_due=TODAY + timedelta(days=31)), "2026-04-10 is more than 30 days ahead"),
    (_wrapup(promise_amount_fen=0), "more than 0"),
    (_wrapup(promise_amount_fen=-100), "more than 0"),
    (_wrapup(promise_amount_fen=800_001), "8,000.01 yuan is more than the balance of 8,000.00 yuan"),
    (_wrapup(Disposition.CALLBACK), "needs the time"),
    (_wrapup(Disposition.CALLBACK, callback_at=NOW - 60), "in the future"),
    (_wrapup(Disposition.NO_ANSWER, promise_amount_fen=50_000), "not recorded as a promise to pay"),
    (_wrapup(Disposition.DISPUTE, promise_due=TODAY), "not recorded as a promise to pay"),
    (_wrapup(Disposition.PAID, note="x" * 501), "501 characters; at most 500"),
])
def test_a_wrap_up_problem_is_named(wrapup: WrapUp, said: str) -> None:
    problems = check(wrapup, _case(), TODAY, now=NOW)
    assert len(problems) == 1 and isinstance(problems[0], Msg)
    assert said in problems[0]


def test_wrap_up_limits_follow_the_case_and_the_horizon() -> None:
    far = _wrapup(promise_due=TODAY + timedelta(days=45), promise_amount_fen=5_000_000)
    assert len(check(far, _case(), TODAY)) == 2
    assert check(far, None, TODAY, horizon_days=60) == []  # no case: no balance to compare with
    both = _wrapup(promise_due=None, promise_amount_fen=None, note="y" * 600)
    assert len(check(both, _case(), TODAY)) == 3


# -- score ------------------------------------------------------------------------------------------

def test_a_promise_scores_above_a_call_nobody_answered() -> None:
    paid = score(_wrapup(Disposition.PAID), [], False)
    promise = score(_wrapup(), [], False)
    callback = score(_wrapup(Disposition.CALLBACK), [], False)
    nobody = score(_wrapup(Disposition.NO_ANSWER), [], False)
    assert paid.total > promise.total > callback.total > nobody.total
    assert paid.total == 100 and promise.promise > nobody.promise
    for s in (paid, promise, callback, nobody):
        assert s.total == s.promise + s.compliance + s.emotion


def test_agent_alerts_and_an_upset_customer_lower_the_score() -> None:
    clean = score(_wrapup(), [], False)
    low = score(_wrapup(), [Severity.LOW], False)
    high = score(_wrapup(), [Severity.HIGH], False)
    two = score(_wrapup(), [Severity.HIGH, Severity.HIGH], False)
    upset = score(_wrapup(), [], True)
    assert clean.total > low.total > high.total > two.total
    assert two.compliance == 0 and two.total >= 0
    assert clean.total > upset.total > high.total  # an upset customer costs a little, less than a serious alert
    assert upset.emotion < clean.emotion and upset.compliance == clean.compliance
    nobody = score(_wrapup(Disposition.NO_ANSWER), [], False)
    worst = score(_wrapup(Disposition.NO_ANSWER), [Severity.CRITICAL] * 3, True)
    assert 0 <= worst.total < nobody.total and worst.compliance == 0
