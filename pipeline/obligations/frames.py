"""Obligation frames: each duty a clause imposes, with who, what modality, by when, in what form,
under what approval, over which information, with which exceptions.

Sentences are parsed with GiNZA; the obligation predicates are the verbs that carry the sentence's
final duty (the root, a verb completing こと/もの at the root, and the predicates coordinated with
them by 「…し、」), not the verbs of conditions (「発生した場合」) or purposes (「確認するため」).
Each predicate's stretch of the sentence is one duty; its slots are read from that stretch first,
then from its sentence and clause. Each requirement of the clause is linked to the duty where its
trigger words occur.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.model import NormalizedText, Obligation
from pipeline.nlp.ginza import parse
from pipeline.obligations import slots
from pipeline.taxonomy import Requirement, load_taxonomy
from pipeline.text.matching import CONTRACTOR, ISSUER, ROLE_WORDS, STAFF, SUBCONTRACTOR

_ROLE_NAMES = {
    CONTRACTOR: "contractor",
    ISSUER: "issuer",
    SUBCONTRACTOR: "subcontractor",
    STAFF: "staff",
}
_ROLE_OF = {w: _ROLE_NAMES[r] for r, words in ROLE_WORDS.items() for w in words}
# a defence contract's 「官」 is the issuer too (not a role word of the matching form, whose single
# characters are whole tokens)
_ROLE_OF["官"] = "issuer"
# the contractor's people by their function (「事務取扱担当者は」「運用要員は」「統括責任者は」),
# read as staff in frames only (the matching form's role words stay as the model learnt them)
_STAFF_BY_FUNCTION = re.compile(
    r"(?:担当者|作業員|要員|責任者|オペレーター?|取扱者|技術者|従業員|相談員|調査員|"
    # the people of building management, guarding and upkeep (「警備員は」「保守員は」), and of
    # carrying things (「配送員は」), and the workers a staffing company dispatches (「派遣労働者は」)
    r"警備員|清掃員|受付員|案内員|保守員|配送員|配達員|運搬員|スタッフ|派遣労働者|派遣社員)$"
)
# 「受託者及び従事者は」: the contractor with its staff
_CONTRACTOR_AND_STAFF = re.compile(
    "(?:" + "|".join(ROLE_WORDS[CONTRACTOR]) + ")(?:及び|並びに|と)(?:その)?[^、。]{0,10}$"
)


# 「…名簿を扱うスタッフは必要最小限の人数に限り、」: the people limited, named as the topic
_LIMITED_RIGHT_AFTER = re.compile(r"、?[^。、]{0,20}?に限(?:り|定し|る|定する)")
_WHO_MAY = re.compile(r"(?:に限る|に限られる|に限定(?:する)?|のみとする)[。\s]*$")


def _role_of_topic(words: str) -> str | None:
    """The role of a topic that ends ``words`` (the text just before and including it)."""
    role = next((role for word, role in _ROLE_OF.items() if words.endswith(word)), None)
    if role is None and (m := _STAFF_BY_FUNCTION.search(words)):
        # 「当機構の担当者は」「県の責任者は」 are the issuer's people
        before = words[: m.start()].rstrip("の")
        role = "issuer" if _ISSUER_WORD.search(before[-4:]) else "staff"
    if role == "staff" and _CONTRACTOR_AND_STAFF.search(words):
        role = "contractor"
    if role is None and words.endswith("職員"):
        # 「甲の職員は」 are the issuer's people, 「受託者の職員は」 the contractor's; a bare 職員
        # of a public body's tender is ambiguous and stays unassigned
        owner = words[:-2].rstrip("の")[-6:]
        if _ISSUER_WORD.search(owner):
            role = "issuer"
        elif any(owner.endswith(w) for w in ROLE_WORDS[CONTRACTOR]):
            role = "staff"
    return role


_A_PLACE_NOT_A_PARTY = re.compile(
    r"(?:データ|コール|監視|サポート|コンタクト|運用|保守|処理)センター$"
)
_ISSUER_WORD = re.compile("|".join([*ROLE_WORDS[ISSUER], "官(?=は|が|に|の|から|へ)"]))
_NOT_A_DUTY_END = re.compile(
    r"(場合|とき|時|ため|ように|よう|ので|ば|ても|際|には|うえ|上|後|ずに|ず|ないで|なく|なしに|つつ)[はにもで、,]*$|"
    # 「運用に当たり、」「あわせて、」「定期的に」: a setting or an adverb, not an act
    r"(?:^(?:当た|あた)(?:り|って)|^際し(?:て)?|(?:あわ|併|合わ)せて|的に|"
    # 「速やかに改め、」: a manner before the act, not an act
    r"^(?:速やか|直ち|迅速|確実|適切|適正|厳重|誠実|遅滞なく|早急)に?|"
    # 「再委託先で生じたものを含め、直ちに報告し」: what the duty takes in, not an act
    r"^含め(?:て)?[、,]|"
    # 「…ことは歓迎しますが、」「…にご留意いただき、」: a concession and a note before the duty,
    # no act of their own
    r"(?:ます|です)が|^(?:留意|注意|理解)(?:いただ|頂)(?:き|いて))[、,]?$"
)
# 「…承認を得た場合に限り、学内への持込みを認める」: the condition of what follows, no act
_ONLY_IF = re.compile(r"(?:場合|とき)に限り[、,]?$")
# the ない of a must (「…しなければならないこととする」), not of a ban
_NOT_OF_A_MUST = r"(?<!ければなら)(?<!くてはなら)(?<!ねばなら)"
_MUST_NOT = re.compile(
    # 「混入していないことを確認し」 is a check, not a ban
    # 「…見せてはならないことを教材に盛り込む」 reports a ban as the content of a duty
    # 「…離席させないこと、…収めることなど、…管理を徹底しなければならない」 lists examples of a
    # duty, not a ban
    r"[てで][はも]ならず|[てで][はも]ならない(?!こと[をがの])|"
    # 「…用いないこと及び…漏らさないことを誓約する書面を差し入れ」「…用いないこと、…開示しない
    # こと…を誓約する」: the content of a pledge;
    # 「…情報を扱わないことや…対策を実施するなど規程等を遵守すること」: an item of what is to be
    # observed, listed with や or 等
    # (「…報告しなければならないこととする」 is a must)
    rf"(?:しない|{_NOT_OF_A_MUST}ない)こと(?![をがのにはもや等])(?![、,][^。]*?ことなど)"
    r"(?![、,]?[及並又、,][^。]*?(?:こと|旨)を?(?:誓約|誓う|約し|約す|確約))"
    # (「…漏らさないこと、及び…同様とすることを、秘密保持誓約書により提出すること」)
    # (「…返却しなければならないものとする」 is a must)
    r"(?![、,]?[及並又、,][^。]*?(?:こと|旨)を[、,]?[^。]{0,12}?誓約書)|"
    rf"{_NOT_OF_A_MUST}ないものとする|"
    # 「…は禁止する」, not the subject of training 「再識別の禁止について教育を行い」
    # (and the words of a notice that say the same: 「…は厳禁とする」「…差し控えてください」「…厳に
    # 慎まなければならない」)
    r"厳禁|差し控え(?:て(?:ください|下さい)|る(?:こと|ものとする)|なければならない)|"
    r"慎ま(?:なければ|ねば)ならない|(?:まかり|罷り)ならない|"
    r"(?:を|は)禁止|禁止(?:する|し[てた、]|とする|とし[、,]|です|。|$)|禁ずる|(?<![らけ])ないほか[、,]\s*$|"
    # (a terse ban with its own note after it: 「…の第三者への漏えい禁止（業務終了後も同様）。」)
    r"(?:禁止|不可)(?=[（(][^）)。]*[）)][。\s]*$)|"
    r"認め(?:ない|られない)(?=。|$)|ずに?$|"
    # 「…本業務以外に用いることも許されない」
    r"(?:こと|の)[はも]?許されない|"
    # 「…漏えいさせない責任を負う」 binds as a ban does
    r"(?:しない|させない|ない)(?:責任|義務)を負う|"
    # 「…持ち出すことができない。」, not 「…削除することができない形式で」
    r"(?<!拒む)(?<!拒否する)(?<!妨げる)こと[がは]できない[。\s]*$|"
    # the same in the polite register of a notice (「…漏らさないでください」「…持ち出してはいけま
    # せん」「再委託は認めません」「…使用しないこととします」「…ことはできません」) and in a terse
    # one (「再委託不可。」)
    r"ないで(?:ください|下さい)|[てで][はも](?:いけ|なり)ません|認め(?:ません|られません|ていません)|"
    # (「…使用しないようにしてください」「…送信はご遠慮ください」「持ち出しはできませんので」)
    r"ないよう(?:に)?(?:して)?(?:ください|下さい|お願い)|ご遠慮(?:ください|下さい|願います)|"
    r"(?:持ち?出し|持込み|持ち込み|複製|複写|撮影|再委託|提供|開示)(?:は|を行うことは)できません|"
    r"(?:しない|ない)(?:こと|もの)とします|(?<!拒む)(?<!拒否する)こと[がは]できません|"
    r"不可(?!能|欠|分|避|侵|視|解)(?:とする|とします|です|。|$)"
)
_ANNEX = re.compile(r"別(?:添|紙|記|冊|表)\s*(?:[0-9０-９一二三四五六七八九十]|「|の|第)")
_EMBEDDED_QUESTION = re.compile(r"[ぁ-ん]{0,4}?(?:か否か|かどうか)")
# 「…に限り、」「…に従い、」 qualify the act after them rather than being acts of their own
_MANNER = re.compile(r"(?:限り|限って|従い|基づき|応じ|沿い|則り)[、,]?$")
# following a document the requirement names (「…ガイドラインに従い、」「…基準に則り、」)
_COMPLIES = re.compile(r"(?:従い|基づき|則り|沿い|遵守し|準拠し)[、,]?$")
_STATES_A_DUTY = re.compile(
    # 「…再委託には当たらない」「…に該当しない」 define, they bind no one
    r"(?:こと|ものとする|(?<!当たら)(?<!該当し)(?<!含ま)(?<!限ら)ない|に限る|義務を負う|要する|必要がある|禁止する|禁ずる|できる|"
    r"ものとし|努める|とする|"
    # the polite register (「…してください」「…してはいけません」「…することとします」)
    r"ください|下さい|いけません|なりません|認めません|とします|できます|できません|"
    # a terse item that ends in the act as a noun (「…の第三者への提供禁止。」「…を厳守。」「…に限定。」)
    r"禁止|不可|厳守|徹底|必須|限定|遵守|実施|保存|保管|記録|報告|届出|提出|設定|適用|連絡|協力|"
    r"消去|削除|廃棄|返却|承認制|申請制)(?:[（(][^）)]*[）)])?[。\s]*$"
)
# 「異議を申し立てないものとする」: not objecting to the issuer's act is accepting it
_CANNOT_REFUSE = re.compile(
    r"(?:拒む|拒否する|妨げる)こと[がは]?(?:できない|できません)|異議を(?:申し立て|述べ|唱え)ない"
)
_STATED_MUST = r"(?:ものとし|こととし|なければならず)"  # a coordinated duty's own must
# (「…持ち出さないほか、」: a ban, and more duties after it)
_ENDS_A_DUTY = re.compile(rf"(?:ならず|ないほか|{_STATED_MUST}|(?<=[^\sと])でき[、,])[、,]?$")
# 「…検査を実施できる。」: a verbal noun's できる is a may as much as 「…することができる」
_OWN_MAY = re.compile(
    r"(?:ことができる?(?:ものとし)?|できるものと(?:し|する)|ことがあ[るり]|ことを妨げない|"
    r"(?<=[一-龥])できる|"
    # the answer to a bidder's question, or a table cell, that allows it (「可能です。」「差し支え
    # ありません。」「…場合は可。」)
    r"(?:^|[^不])可能(?:です|とする|である)|差し支え(?:ない|ありません)|(?:構|かま)いません|"
    r"(?:(?<=[はも])|(?<=限り))可|できます)[、,。]?\s*$"
)
# 「…承認を得た場合に限り、学内への持込みを認める。」: what is allowed once approved, a may
_ALLOWED_ONCE_APPROVED = re.compile(
    rf"{slots.APPROVAL_WORD}を(?:得|受け)た(?:場合|とき)に限り[^。]{{0,40}}?認める[。\s]*$"
)
# a condition that opens a sentence, with or without its comma (「業務上必要な場合は事前に…」)
_A_CONDITION_OPENS = re.compile(r"^[^。、]*?(?:とき|場合)(?:は|には)")
# a bidder's question, quoted in an answer (「Q. …てもよいですか。」「質問：…可能ですか。」), asks
# and binds no one
_A_QUESTION = re.compile(r"(?:か|でしょうか)[。?？]?\s*$|^\s*(?:Q|Ｑ|質問|【質問】)")
# 「本市は…解除でき、」: the issuer's may, coordinated (a system that 「…を設定でき、」 is a function)
_CAN_AND = re.compile(r"[^\sと]でき[、,]\s*$")
# (「契約終了後も同様。」 in a terse item)
_SAME_AS_BEFORE = re.compile(r"(?:同様|同じ)(?:とする|である|です)?[。\s]*$")
# a note that the duty before holds on (「…後も同様とする。」「この義務は、本契約の終了後も存続する。」)
_HOLDS_ON = re.compile(
    _SAME_AS_BEFORE.pattern
    + r"|^\s*(?:この|本|前項の|上記の)?(?:義務|規定)は[^。]{0,40}?(?:存続|効力を有|同様)"
)
_OWN_MUST = re.compile(rf"{_STATED_MUST}[、,]?\s*$")
_ALTERNATIVE = re.compile(r"\s*(?:又は|若しくは|もしくは|あるいは|或いは|又|及び|並びに)")
_SHOULD = re.compile(r"努め|望ましい|望まれ|努力|推奨(?:する|される|します|されます)")
# the level of a requirement item (「【推奨】」「［任意］」, or a table row's last cell 「｜ 推奨」)
# (not a bracketed word in running text, 「電話番号（任意）」, which marks an optional field)
_LEVEL_TAG = re.compile(
    r"[【［\[](?P<level>推奨|任意)[】］\]]|[|｜]\s*(?P<level_cell>推奨|任意)\s*$"
)
# 「…記載しないよう努めるとともに、…してはならない」: the first duty's own should
_OWN_SHOULD = re.compile(r"努め(?:るとともに|るものとし|ることとし)?[、,]\s*$")
# (「…確認できるものとすること」 makes a thing able to do something, a must: 「…とすること」 is the
# duty, not a permission)
_MAY = re.compile(
    r"ことができる(?!ものとすること)|ことができ(?!な|ませ)|ことを妨げない|(?<![をがの])得るものとする|"
    r"ことがあ[るり]|できるものとする(?!こと)|"
    # an act allowed, or not required (「…複写することを認める。」「…立ち入ることを要しない。」)
    r"ことを認める(?:ものとする)?[。\s]*$|(?:ことを要しない|には及ばない|しなくてもよい)[。\s]*$"
)
_MUST = re.compile(
    r"こと|ものとする|なければならない|義務を負う|要する|必要がある|求められる|遵守する|行う"
)
_CONDITION = re.compile(
    r"場合|とき|必要に応じ|求めに応じ|求めた|求めがあった|求められた|際に|際は|必要と認める"
)


@dataclass
class _Duty:
    sentence: int
    start: int  # offsets into the clause's normalised text
    end: int
    predicate: str
    subject: str | None


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; a 。 inside brackets (「…を含む。」, （…除く。）) does not end a sentence."""
    spans, start, depth = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "(（「『[【":
            depth += 1
        elif ch in ")）」』]】":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0:
            spans.append((start, k + 1))
            start = k + 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text)))
    return spans or [(0, len(text))]


def _bunsetsu_end(doc, token) -> int:  # type: ignore[no-untyped-def]
    """Character offset (in the doc) where the bunsetsu of ``token`` ends."""
    import ginza

    for span in ginza.bunsetu_spans(doc):
        if span.start <= token.i < span.end:
            return span.end_char
    return token.idx + len(token.text)


def _is_predicate(token) -> bool:  # type: ignore[no-untyped-def]
    if token.pos_ not in ("VERB", "ADJ", "AUX") and token.dep_ != "ROOT":
        return False
    if token.dep_ == "ROOT":
        return True
    head = token.head
    if token.dep_ == "acl" and head.lemma_ in ("こと", "もの") and head.dep_ == "ROOT":
        return True
    if token.dep_ in ("advcl", "conj") and (_is_predicate(head) or head.lemma_ in ("こと", "もの")):
        return True
    if (
        token.dep_ == "advcl"
        and head.dep_ == "acl"
        and head.head.head.i != head.head.i
        # 「受託者が違反し、損害を与えた場合は」: an act with its own が-subject, coordinated
        # inside a condition, is no duty
        and not (
            head.head.lemma_ in ("場合", "とき", "時", "際", "ため", "限り", "後", "前", "上")
            and any(
                c.dep_ == "nsubj" and any(g.text == "が" for g in c.children)
                for c in token.children
            )
        )
        and (_is_predicate(head.head.head) or head.head.head.lemma_ in ("こと", "もの"))
        and token.doc.text[token.idx : _bunsetsu_end(token.doc, token)].rstrip().endswith("、")
    ):
        # 「研修を行い、研修を受けていない者を就かせないこと」: the parser hangs the first act on
        # the relative clause of the second's object; an act ending in a comma is coordinated
        return True
    return False


def _duties(doc, offset: int, sentence: int) -> list[_Duty]:  # type: ignore[no-untyped-def]
    predicates = []
    for token in doc:
        if token.pos_ not in ("VERB", "ADJ", "AUX") and token.dep_ != "ROOT":
            continue
        end = _bunsetsu_end(doc, token)
        tail = doc.text[token.idx : end]
        if tail.rstrip().endswith("ない") and (more := re.match(r"ほか[、,]", doc.text[end:])):
            # 「…持ち出さないほか、」: the ban ends where the next duty begins
            end += more.end()
            tail = doc.text[token.idx : end]
        # 「…してはならず、」「…するものとし、」 end a duty whatever the parse attaches them to
        ends_a_duty = bool(_ENDS_A_DUTY.search(tail.strip()))
        if ends_a_duty and any(e == end for _, e in predicates):
            continue  # one duty per bunsetsu
        if not _is_predicate(token) and not ends_a_duty:
            continue
        if (
            token.dep_ != "ROOT"
            and not ends_a_duty
            and (
                _NOT_A_DUTY_END.search(tail.strip())
                or _ONLY_IF.search(doc.text[max(0, token.idx - 4) : end].strip())
            )
        ):
            continue
        if _ANNEX.match(doc.text[token.idx :]):
            continue  # 「及び別添２「…要領」に基づいて」: the annex's name, parsed as a verb
        if token.dep_ != "ROOT" and _EMBEDDED_QUESTION.match(
            doc.text[token.idx + len(token.text) :]
        ):
            continue  # 「事故に当たるか否かの判断を待たず」: a question asked, not an act
        if _ALTERNATIVE.match(doc.text[end:]):
            continue  # 「複製し、又は提供してはならない」: one duty over alternative acts
        if token.lemma_ in ("こと", "もの") and token.dep_ == "ROOT":
            continue  # the こと of 「…すること」 closes the duty of the verb before it
        predicates.append((token, end))
    predicates.sort(key=lambda p: p[0].i)
    # the duty-bearer is the sentence's topic (「乙は、」); a が-subject inside a relative clause
    # (「IPAが指定する情報」) is not
    # (「違反したときは、本市は…」: a topic that is no role word is passed over)
    topics: list[tuple[int, str]] = []
    for token in doc:
        if (
            token.i + 1 < len(doc)
            and doc[token.i + 1].text == "は"
            and token.dep_ in ("nsubj", "obl", "dislocated", "nmod")
        ):
            words = doc.text[max(0, token.idx - 12) : token.idx + len(token.text)]
            role = _role_of_topic(words)
            if role == "staff" and (
                _WHO_MAY.search(doc.text)
                or _LIMITED_RIGHT_AFTER.match(doc.text, token.idx + len(token.text) + 1)
            ):
                # 「保守作業に当たる技術者は、…届け出た者に限る。」: the people the contractor
                # limits, not the one bound
                role = None
            # 「監視センターは」 is where the work is done, not the issuer
            if role is not None and not _A_PLACE_NOT_A_PARTY.search(words):
                topics.append((token.idx, role))

    def subject_of(end: int) -> str | None:
        # the last topic before the duty ends (「…賠償するものとし、県は…解除することができる」);
        # a duty before any topic (「…したときは、乙は…」) takes the sentence's first
        before = [role for at, role in topics if at < end]
        if before:
            return before[-1]
        named = _NAMED_TOPIC.match(doc.text)
        if named is not None and named.end() <= end:
            # 「JSCAは、…確認を行うことができ、受注者は…」: a party the tender names, not the
            # contractor whose topic comes later
            return None
        return topics[0][1] if topics else None

    duties: list[_Duty] = []
    start = 0
    for k, (token, end) in enumerate(predicates):
        stop = len(doc.text) if k == len(predicates) - 1 else end
        duties.append(
            _Duty(sentence, offset + start, offset + stop, token.lemma_, subject_of(stop))
        )
        start = stop
    if not duties:
        duties.append(
            _Duty(sentence, offset, offset + len(doc.text), "", subject_of(len(doc.text)))
        )
    return duties


# duties of their own joined to an effort that ends the sentence (「…教育を行い、…報告するとともに、
# …努めること」「別紙２に従い、…防止に努めなければならない」); not one act the parse cut short
# (「…正確に行い、…保つよう努め」)
_A_DUTY_JOINED_TO_AN_EFFORT = re.compile(r"(?:とともに|と共に|に従い|に基づき|に則り)[、,]")


def _modality(own: str, sentence: str, positive: bool = False) -> str:
    """``own``: the duty's stretch of ``sentence``; ``positive``: its requirement is an act to do."""
    if _CANNOT_REFUSE.search(own):
        return "must"  # 「これを拒むことができない」: cannot refuse is must accept
    if _MUST_NOT.search(own):
        return "must_not"
    if (
        _OWN_MAY.search(own)
        or (_CAN_AND.search(own) and _ISSUER_WORD.search(own))
        or _ALLOWED_ONCE_APPROVED.search(own)
    ):
        return "may"  # 「甲は、…調査することができるものとし、乙は…」: the first duty is a right
    if _OWN_SHOULD.search(own):
        return "should"
    if _OWN_MUST.search(own):
        return "must"  # 「…取り扱うものとし、…してはならない」: the first duty states its own
    for pattern, name in ((_MAY, "may"), (_SHOULD, "should"), (_MUST_NOT, "must_not")):
        if pattern.search(sentence[-16:]):
            if (
                name == "must_not"
                and positive
                and not sentence.rstrip().endswith(own.strip())
                and not _MANNER.search(own.strip())
                # (「…インストールしては」「なりません。」: a ban the parse cut in two; 「…インス
                # トールしたり、」「設定を変えたりしないでください」: acts listed for the one ban)
                and not re.search(r"[てで][はも]$|たり、?$", own.strip())
            ):
                # 「…国内のデータセンターに保管し、国外に移転してはならない」: the ban at the end
                # is the second duty's; the first, an act, is done
                return "must"
            if (
                name == "should"
                and not sentence.rstrip().endswith(own.strip())
                and (at := sentence.find(own.strip())) >= 0
                and _A_DUTY_JOINED_TO_AN_EFFORT.search(sentence[at : sentence.rfind("努め")])
            ):
                # 「…24時間以内に書面で報告するとともに、…復旧に努めなければならない」: the effort
                # at the end is the second duty's; the first is done
                return "must"
            return name
    return "must"


_A_CERTIFICATE_HANDED_IN = re.compile(
    r"(?:証明書|証する書面|完了届|完了報告書|廃棄報告書|消去報告書|記録|書面|報告書)"
    r"[^。]{0,30}?(?:提出|交付|届け?出|報告)"
)


# the disposal a certificate proves is done when the work ends (「消去を終えた日から十日以内に」
# 「完了の日から」), so a time counted from it, or stated with no event, counts from the end
_COUNTED_FROM_THE_DISPOSAL = re.compile(
    r"(?:終えた|終わった|完了した|完了の|完了|実施した|消去した|廃棄した|削除した)日から"
)


def _due_at_the_end(deadline: slots.Deadline | None, text: str) -> slots.Deadline | None:
    """The deadline of a disposal or of its certificate: counted from the end of the work, when
    the clause says the work ends, as the disposal is."""
    at_the_end = slots.anchor_deadline(text)
    if deadline is None:
        return at_the_end if at_the_end and at_the_end.anchor == "on_completion" else None
    if deadline.anchor is None and (
        _COUNTED_FROM_THE_DISPOSAL.search(text)
        or (at_the_end is not None and at_the_end.anchor == "on_completion")
    ):
        return replace(deadline, anchor="on_completion")
    return deadline


def _best_duty(
    duties: list[_Duty], text: str, requirement: str, hits, spans, requirements=()
) -> int:  # type: ignore[no-untyped-def]
    """The duty where the requirement's trigger words are strongest; the issuer's own right
    (「甲は、…報告を求めることができる」) only when no duty of the contractor's speaks of it."""
    best, best_score = 0, -1.0
    for k, d in enumerate(duties):
        # a clause's heading (「（作業場所及び持出しの禁止）」) names its topics, not this duty's,
        # and is no duty at all when it stands alone (「（指示）」)
        own = _HEADING.sub("", text[d.start : d.end])
        score = hits(own, requirement) if own.strip() else -2.0
        if _A_QUESTION.search(text[slice(*spans[d.sentence])]):
            score = -2.0
        if _spec(requirement).duty_binds_subcontractor:
            # binding the subcontractor (「…同等の措置を委託先にも講じさせること」) is never the ban
            # on subcontracting beside it
            stretch = text[d.start : d.end]
            if _ends_in_a_ban(stretch):
                score = -0.5
            elif slots.binds_a_subcontractor(stretch):
                score += 2.0
        elif requirement == "SEC.SUBCONTRACT_APPROVAL" and slots.binds_a_subcontractor(
            text[d.start : d.end]
        ):
            score = min(score, 0.0) - 0.25  # … nor is the approval of subcontracting that binding
        elif (
            requirement == "SEC.SUBCONTRACT_APPROVAL"
            and score > 0
            and _ASKS_FOR_APPROVAL.search(text[d.start : d.end])
            and not _ends_in_a_ban(text[d.start : d.end])
            and "限りでない" not in text[d.start : d.end]
        ):
            # the approval to ask for (「…申請書を提出し、書面による承認を得ること。」) is the duty,
            # not a ban on a part of the work or on subcontracting further that follows it
            # (「…再々委託は一切認めない。」「設計は再委託の対象とすることができない。」)
            score += 1.0
        elif (
            requirement == "SEC.SUBCONTRACT_APPROVAL"
            and _ends_in_a_ban(text[d.start : d.end])
            and _FURTHER_OR_THE_MAIN_PART.search(text[d.start : d.end])
            and any(
                e.start < d.start and _ASKS_FOR_APPROVAL.search(text[e.start : e.end])
                for e in duties
            )
        ):
            # … however many trigger words that ban has (「…承認を得た場合に限り可能です。…なお、
            # 再委託先から更に再々委託することは認めていません。」)
            score = min(score, 0.5)
        if _records_another(requirement) and _A_CERTIFICATE_HANDED_IN.search(text[d.start : d.end]):
            # the certification is the proof handed in (「削除の完了を証する書面を…提出」「…を記した
            # 消去・裁断完了届を提出」), not the erasure or the hand-over before it
            score += 2.0
        if d.subject != "contractor" and not _STATES_A_DUTY.search(text[slice(*spans[d.sentence])]):
            # 「…の権限は、作業に必要な範囲に限る。」: how things are arranged, which a sentence
            # binding the contractor (「受注者は、…してはならない。」) turns into a duty
            score -= 1.5
        kind = _kind(requirement)
        # of two duties that speak of it, the one of the requirement's kind (a ban for
        # confidentiality, an act for disposal); a ban-kind requirement's ban counts even in
        # other words (「…の外にある端末に保存してはならない」 for a takeout restriction)
        if (
            kind is not None
            and (
                score > 0
                or (
                    score == 0
                    and kind == "ban"
                    # 「…のためにのみ用い、第三者に開示してはならない」: the ban is confidentiality's;
                    # but an act-kind requirement makes no claim on a ban (the work room named as
                    # the boundary in 「…作業室の外に出してはならない」)
                    and not _about_another(
                        text[d.start : d.end],
                        requirement,
                        [r for r in requirements if _kind(r) != "act"],
                        hits,
                    )
                )
            )
        ):
            if _ends_in_a_ban(_through_te_form(duties, k, text)) == (kind == "ban"):
                score += 0.5
        the_ban = _THE_BAN_IT_NAMES.get(requirement)
        if (
            the_ban is not None
            and the_ban.search(_with_the_acts_listed_before(duties, k, text))
            and _ends_in_a_ban(_through_te_form(duties, k, text))
            # (not the people limited: 「名簿に記載のない者に…」「それ以外の者に個人番号を閲覧させない」)
            and not _THE_UNLISTED.search(own)
            and "以外の者" not in own
        ):
            # the copying ban is the requirement, over the register of lent things beside it
            # (「…管理台帳を備えるものとし、…承諾なくこれらを複写しないこと」), however many more
            # trigger words the register has
            score += 2.0
        if (
            score > 0
            and _spec(requirement).duty_timing == "on_event"
            and slots.anchor(text[d.start : spans[d.sentence][1]]) in _IN_ADVANCE
        ):
            # 「インシデント発生時の連絡先…を定め、業務開始前に…確認を得ること」 prepares for
            # the event; a duty owed once it happens is not done before the work starts
            score = min(score, 0.25)
        if (
            score > 0
            and text[slice(*spans[d.sentence])].lstrip().startswith(("ただし", "但し"))
            and _modality(own, text[slice(*spans[d.sentence])]) == "may"
        ):
            # 「…返還しなければならない。ただし、甲が認めた場合は、…廃棄し、…返還に代えることが
            # できる。」: the proviso's may is the way around the duty before it, not the duty
            score = min(score, 0.25)
        if not _a_right_of_the_issuer(requirement):
            if _is_issuers_right(d, spans, text):
                score = -0.5  # a duty of the contractor's own comes first …
            elif score == 0 and _ACCEPTS.search(text[slice(*spans[d.sentence])]):
                score = -1.0  # … but not the mere acceptance of the issuer's right
        if score > best_score:
            best, best_score = k, score
    return best


def _ban_with_a_way_out(
    duties, spans, text, requirement, requirements, hits, chosen, modality, approval
):  # type: ignore[no-untyped-def]
    """A ban in one sentence and the way to do it anyway in another (「…再委託してはならない。
    やむを得ず再委託する場合は、書面による承認を得ること」) are one obligation: a ban, under the
    approval the other sentence asks for. Returns the (modality, approval) of that obligation
    and the duty that states it (the ban, when the way out turned into it)."""
    c_start, c_end = spans[chosen.sentence]
    # 「ただし、…承認を得たときはこの限りでない」 is the way out of the sentence before it, whatever
    # words that sentence uses for the act (下請負, 第三者に行わせ …)
    lifts_the_one_before = text[c_start:c_end].lstrip().startswith("ただし")
    others = [
        e
        for e in duties
        if e.sentence != chosen.sentence
        and (
            hits(text[e.start : e.end], requirement)
            or (
                e.sentence == chosen.sentence - 1
                and (
                    lifts_the_one_before
                    # 「…第三者に請け負わせてはならない。それ以外の作業を再委託しようとするときは」
                    or (
                        bool(slots.BANNABLE_ACT.search(text[e.start : e.end]))
                        and not _about_another(
                            text[e.start : e.end], requirement, requirements, hits
                        )
                    )
                )
            )
        )
    ]
    # only the way out itself (a duty asking for approval) turns into the ban it lifts; a duty
    # beside an unrelated ban (「…においてのみ行うこと。…持ち出してはならない」) stays as it is
    if (
        modality != "must_not"
        and (
            _ASKS_FOR_APPROVAL.search(text[c_start:c_end])
            # 「ただし、…区が書面で許諾したときは再委託を認める」
            or (lifts_the_one_before and re.search(slots.APPROVAL_WORD, text[c_start:c_end]))
        )
    ):
        for e in others:
            s, t = spans[e.sentence]
            # (the ban comes before its way out: a ban on a part of the work after the approval
            # to ask for, 「…承認を得ること。設計は再委託の対象とすることができない。」, narrows
            # what may be subcontracted and is no ban that approval lifts)
            if e.sentence > chosen.sentence:
                continue
            if _ends_in_a_ban(text[e.start : e.end]) and not (
                # 「名簿に記載した者以外に扱わせてはならない。入れ替えるときは…了承を得ること」:
                # the limitation is an act (corpora/frames/README.md), and its change is no way out
                _kind(requirement) == "act" and _THE_UNLISTED.search(text[e.start : e.end])
            ):
                modality = "must_not"
                # the ban's own way out (「書面による承認を受けた場合を除き」) says how it is lifted
                lifted = slots.approval(text[s:t], "must_not", has_exception=True)
                if lifted == "prior_written_approval" or approval is None:
                    approval = lifted or approval
                return modality, approval, e
        # 「…に限り再委託することができる。再委託しようとするときは、…承認を受けること」: a
        # permission and the way to use it are one obligation too, a may under that approval
        for e in others:
            if (
                e.sentence < chosen.sentence
                and e.subject != "issuer"
                and _OWN_MAY.search(text[e.start : e.end])
                and not _about_another(text[e.start : e.end], requirement, requirements, hits)
            ):
                return "may", approval, chosen
    if approval == "prohibited" or (modality == "must_not" and approval is None):
        # (a ban no approval lifts in its own words, 「…実データを用いてはならない。やむを得ず用いる
        # 場合は、…了承を得て用いること」, is lifted by the one the next sentence asks for)
        # 「やむを得ず…場合は」 opens the way out whatever words it uses for the act
        # (as does 「…場合は、…承認を得ること」 right after the ban: 「…入力することはできません。
        # 利用する場合は、…事前に県の承認を得てください。」)
        unavoidable = [
            e
            for e in duties
            if e.sentence == chosen.sentence + 1
            and (
                text[slice(*spans[e.sentence])].lstrip().startswith("やむを得ず")
                or (
                    _A_CONDITION_OPENS.match(text[slice(*spans[e.sentence])])
                    and _ASKS_FOR_APPROVAL.search(text[slice(*spans[e.sentence])])
                    and not _about_another(
                        text[slice(*spans[e.sentence])], requirement, requirements, hits
                    )
                )
            )
        ]
        for e in [*others, *unavoidable]:
            if e.sentence > chosen.sentence:
                s, t = spans[e.sentence]
                if _ends_in_a_ban(text[e.start : e.end]):
                    continue  # a second ban is no way out of the first
                way_out = slots.approval(text[s:t], "must")
                if way_out in ("prior_written_approval", "prior_approval"):
                    return modality, way_out, chosen
    return modality, approval, chosen


def _speaks_mostly_of(stretch: str, requirement: str, requirements, hits) -> bool:  # type: ignore[no-untyped-def]
    """``stretch`` speaks of ``requirement`` at least as strongly as of the clause's others."""
    score = hits(stretch, requirement)
    return score > 0 and all(hits(stretch, r) <= score for r in requirements)


# the written record of a disposal (「…消去した上で、…を記した報告書を10日以内に提出」)
_RECORD_OF_IT = re.compile(r"(?:報告書|証明書|確認書|書面|その旨|旨を|結果を|完了届|届出書)")


def _before_its_record(own: str, requirement: str) -> str:
    """A duty whose written record is another requirement's (a disposal and its certificate) is
    due by its own words, not by the time its record is handed in later in the same stretch."""
    if _recorded_by_another(requirement) and (m := _RECORD_OF_IT.search(own)):
        if done := _THE_DISPOSAL_DONE.search(own[: m.start()]):
            # 「消去及び裁断を終えた日から十日以内に、…完了届を提出」「…消去して、消去後七日以内に
            # その旨を書面で報告」: from the disposal done on, the stretch is its record's
            return own[: done.start()]
        return own[: m.start()]
    return own


_THE_DISPOSAL_DONE = re.compile(
    r"(?:消去|廃棄|裁断|返還|返却|削除|処分|破壊)(?:等|及び[^、。]{0,6})?"
    r"(?:を?(?:終え|完了し)た(?:日|とき|後)|の?完了(?:後|した日|の日)|後(?=[0-9０-９一二三四五六七八九十]))"
)


def _equal_later_duty_deadline(duties, chosen, text, requirement, hits):  # type: ignore[no-untyped-def]
    score = hits(text[chosen.start : chosen.end], requirement)
    if score <= 0 or _recorded_by_another(requirement):
        return None  # (a disposal's certificate, due later, is another requirement's)
    for e in duties:
        if e.sentence != chosen.sentence or e.start < chosen.end:
            continue
        stretch = text[e.start : e.end]
        if hits(stretch, requirement) >= score and (found := _a_time(stretch)):
            return found
    return None


def _first_stage_deadline(duties, chosen, text, requirement, hits):  # type: ignore[no-untyped-def]
    # a duty owed once something happens may state its first stage in a sentence before
    # (「…直ちに甲に口頭で報告し、…当たらなければならない。…原因は、５日以内に書面で報告」)
    staged = _spec(requirement).duty_timing == "on_event"
    for e in duties:
        if e.end > chosen.start or (e.sentence != chosen.sentence and not staged):
            continue
        stretch = text[e.start : e.end]
        # (a stage is timed by a period or a qualifier; the event that opens the sentence, 「…消去を
        # 終えたときは、」, is when the later stage's own period counts from)
        if hits(stretch, requirement) and (found := _a_time(stretch)):
            if e.sentence == chosen.sentence or found.qualifier in ("immediately", "promptly"):
                return found
    return None


def _scope(
    own: str, sentence: str, text: str, glossary, has_scope: bool, requirement: str
) -> str | None:  # type: ignore[no-untyped-def]
    """The information the duty covers, in its own words first; a term the document defines
    (「調査情報」) counts for a duty whose kind has a scope, in its own sentence. A training's
    subject is the training's scope, no other duty's."""
    terms = glossary if has_scope else None
    training = _spec(requirement).duty_is_a_training
    ban = _kind(requirement) == "ban"
    in_own = slots.scope(own, terms, of_training=training, of_a_ban=ban)
    in_sentence = slots.scope(sentence, terms, of_training=training, of_a_ban=ban)
    if in_own == "provided" and in_sentence == "provided_and_created":
        # 「提供を受けた資料を返却し、…機器に保存された本業務の情報を消去すること」: the duty's
        # first act names what was received, its sentence both that and what the work made
        return in_sentence
    if (
        requirement == "SEC.LEGAL_COMPLIANCE"
        and in_own is None
        and _KEPT_AND_THEN_MORE.search(own)
        and own in sentence
        and not _HANDLED_UNDER_THEM.search(sentence[sentence.index(own) + len(own) :])
    ):
        # 「…法律及び…条例を遵守し、患者の個人情報の漏えい…を防止するため…措置を講じること」:
        # keeping the laws covers no information of its own; the people's information is the
        # safeguard's that follows (one named before the laws, 「…の個人情報について、…法律を遵守
        # し」, or handled under them, 「…法律に従い、寄附者情報の…」「…を遵守し、個人番号を…事務の
        # 範囲でのみ取り扱うこと」, is the law's)
        return slots.scope(
            sentence[: sentence.index(own)], terms, of_training=training, of_a_ban=ban
        )
    found = in_own or in_sentence or slots.scope(text, of_training=training, of_a_ban=ban)
    if _spec(requirement).covers_the_whole_work and found in ("personal", "mynumber"):
        return None  # the policy or the service covers the whole work, not the people's data
    if requirement == "SEC.SUBCONTRACT_APPROVAL" and not _WORK_ON_THE_INFORMATION.search(text):
        # subcontracting is of work: the information is its scope only where it names the work
        # subcontracted (「特定個人情報を取り扱う事務は、…再委託してはならない」), not where work
        # that never touches it is let out (「…利用者情報に触れない作業については、この限りでな
        # い」) or an application describes how it is handled (115 of the 134 frames of D13 have
        # no scope)
        return None
    return found


# work named by the information it handles (「住民データに触れる作業」「保護すべき情報の取扱いを伴う
# 作業」「特定個人情報の入力業務」「個人情報の処理を第三者に委託」「下請負者に保護すべき情報を取り
# 扱わせる場合」)
_WORK_ON_THE_INFORMATION = re.compile(
    r"(?:取り?扱(?:う|わせる)|扱う|触れる|接する|に係る|取扱いを伴う)[^。、]{0,4}?(?:作業|事務|工程|業務)|"
    r"の(?:取扱い|処理)(?:を|に係る)|の(?:入力|管理)業務|を取り?扱わせ"
)


# keeping the laws joined to what the sentence goes on to require (「…を遵守し、」「…を守るとともに、」)
_KEPT_AND_THEN_MORE = re.compile(
    r"(?:遵守し|守り|(?:遵守する|守る|従う)(?:とともに|と共に|ほか))、?\s*$"
)

# what the laws govern, handled under them, not guarded by a measure of its own
_HANDLED_UNDER_THEM = re.compile(
    r"^(?![^。]*(?:措置|漏えい|漏洩))[^。]*を[^。、を]{0,20}?取り?扱(?:わ|う|っ|い[、てま])"
)


_ASKED_OF_THE_CONTRACTOR = re.compile(
    r"(?:受注者|受託者|請負者|乙|事業者|契約相手方|相手方)に対し(?:て)?、?[^。]*?"
    r"(?:を求める|を要求する|を求めるものとする)[。\s]*$"
)


# those not on the list the contractor handed in (「名簿に記載のない者」「計画書に記載した者以外」)
_THE_UNLISTED = re.compile(
    r"(?:名簿|一覧表?|計画書?|体制表|体制図|届出書)に"
    r"(?:記載(?:の|が)?な|記載され(?:てい)?な|(?:記載|登載|掲載|記入|登録)して(?:い)?な|な)い(?:者|要員|従事者)|"
    # 「名簿外の者に…使わせてはならず」
    r"名簿外の(?:者|要員|従事者)|"
    # 「研修を修了していない者には、…書かせないこと」: who may not work is who was not trained
    r"(?:研修|講習|教育)を(?:修了し|受講し|受け)て(?:い)?ない(?:者|要員|従事者)|"
    r"(?:名簿|一覧表?|計画書?|体制表|体制図)に記載した(?:者|要員)(?:以外|に限)|"
    # 「甲の確認を受けた者以外の者」「届け出た者以外」: those the listing did not name
    r"(?:確認|承認|了承)(?:を(?:受け|得)た|した)(?:者|要員)(?:以外|の(?:ほか|他))|"
    r"届け?出た(?:者|要員)(?:以外|の(?:ほか|他))|"
    # 「…修了していない者は、…名簿に記載することができない」: who may not be listed
    r"(?:名簿|一覧表?)に(?:記載|登載|登録)(?:すること(?:が|は)|して(?:は)?)(?:でき|なら)な"
)
# (「…に保存し、又は…に用いてはならない」 is one ban over alternatives, not a place then a ban)
_ONLY_THEN_MORE = re.compile(
    r"(?:のみ|に限り|に限って|に限定して)[^、。]{0,20}?[いしえ]、(?!\s*(?:又は|若しくは|もしくは|あるいは))"
)


def _positive_before_the_ban(own: str, requirement: str, hits) -> bool:  # type: ignore[no-untyped-def]
    """「…の作業室においてのみ行い、診療録を院外に搬出してはならない」: the duty that speaks of
    the requirement is the positive one before the ban (where the work is done, where data is
    kept), and the ban is the rest of the sentence."""
    m = _ONLY_THEN_MORE.search(own)
    if m is None or _MUST_NOT.search(own[: m.end()]):
        return False
    return hits(own[: m.end()], requirement) > hits(own[m.end() :], requirement)


# not conditions: a purpose (「…場合に備え」), a concession (「…場合であっても」「…場合にも」) and an
# exception (「…場合を除き」「…ときは、この限りでない」), which the exceptions slot carries
_NOT_A_CONDITION = re.compile(
    r"(?:場合|とき)(?:に備え|であっても|でも|にも|を除き|を除く|は、?この限りでな)|"
    # 「…承認を得た場合に限り行うことができる」: the way the act is allowed, which the approval
    # slot carries; a need (「やむを得ない場合に限り」「必要な場合に限り」) stays a condition
    r"(?<!ない)(?<!必要な)(?<!緊急の)(?:場合|とき)に限(?:り|って)|"
    # 「月次の進捗報告の際に」: the occasion a regular duty falls on, not a condition
    r"(?:報告|提出|会議|検査|点検)の際(?:に|は)"
)


def _is_conditional(stretch: str) -> bool:
    return bool(_CONDITION.search(_NOT_A_CONDITION.sub("", stretch)))


def _about_another(stretch: str, requirement: str, requirements, hits) -> bool:  # type: ignore[no-untyped-def]
    """``stretch`` speaks more of another of the clause's requirements than of ``requirement``."""
    if stretch.lstrip().startswith(("ただし", "但し")):
        return False
    score = hits(stretch, requirement)
    return any(hits(stretch, r) > score for r in requirements if r != requirement)


def _with_the_acts_listed_before(duties: list[_Duty], k: int, text: str) -> str:
    """The duty's stretch with the short acts of its sentence listed before it, which the parse
    cut off (「個人番号を書き写し、|複写し、又は保管してはならず」 is one ban on all three)."""
    d = duties[k]
    start = d.start
    while (
        k > 0
        and duties[k - 1].sentence == d.sentence
        and re.fullmatch(r"[^、。]{1,20}し、", text[duties[k - 1].start : duties[k - 1].end])
    ):
        k -= 1
        start = duties[k].start
    return text[start : d.end]


def _through_te_form(duties: list[_Duty], k: int, text: str) -> str:
    """The duty's stretch, continued through the next duty of its sentence when it ends in a
    て-form that the next predicate completes (「…を持ち込んで業務に使用してはならない」 is one
    ban) or is a fragment cut before its predicate."""
    d = duties[k]
    stretch = text[d.start : d.end]
    while (
        # 「…持ち込んで」, or a fragment the parser cut before its predicate (「同意なく第三者に」)
        (re.search(r"[てで]$", stretch.rstrip()) or not re.search(r"[、,。]\s*$", stretch))
        and k + 1 < len(duties)
        and duties[k + 1].sentence == d.sentence
    ):
        k += 1
        stretch = text[d.start : duties[k].end]
    return stretch


def _ends_in_a_ban(stretch: str) -> bool:
    # (a ban's own note after it, 「…漏えい禁止（業務終了後も同様）。」, is not its end)
    return bool(_MUST_NOT.search(_TRAILING_NOTE.sub("", stretch.rstrip("。 "))[-12:]))


_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def _issuers_right(duties: list[_Duty], spans: list[tuple[int, int]], text: str) -> _Duty | None:
    """The duty that states what the issuer may do (「甲は、…調査することができる」), if any;
    in a clause about the issuer's right, a may of someone the tender names rather than by a role
    word (「教育委員会は、…検査することができる」「病院の職員は、…」) is the issuer's too."""
    return next((d for d in duties if _is_issuers_right(d, spans, text)), None) or next(
        (d for d in duties if _is_issuers_right(d, spans, text, named_topic=True)), None
    )


# the issuer's right to ask for a correction (「改善を求めることができる」「必要な指示を行うことが
# でき」「必要な対策を講じさせることができる」)
_A_CORRECTION_ASKED = re.compile(
    r"(?:改善|是正|改め|指示|対策|措置)[^。、]{0,8}?(?:求める|行う|行わせる|講じさせる)ことができ"
)


def _asks_for_a_correction(
    duties: list[_Duty], spans: list[tuple[int, int]], text: str
) -> _Duty | None:
    """The issuer's right that opens the clause, when it is a right to ask for a correction."""
    right = _issuers_right([e for e in duties if e.sentence == 0], spans, text)
    if right is not None and _A_CORRECTION_ASKED.search(text[spans[0][0] : right.end]):
        return right
    return None


def _issuer_acting(duties: list[_Duty], spans: list[tuple[int, int]], text: str) -> _Duty | None:
    """The last duty of a sentence in which the issuer states what it does (「当機構は、…を検査
    する。」): in a clause about the issuer's right, that is the right, though no できる says so."""
    for k, d in enumerate(duties):
        s_start, s_end = spans[d.sentence]
        last_of_its_sentence = k + 1 == len(duties) or duties[k + 1].sentence != d.sentence
        if (
            last_of_its_sentence
            and d.subject == "issuer"
            and not _STATES_A_DUTY.search(text[s_start:s_end])
            and not _MUST_NOT.search(text[s_start:s_end])
        ):
            return d
    return None


def _is_issuers_right(
    d: _Duty, spans: list[tuple[int, int]], text: str, named_topic: bool = False
) -> bool:
    stretch = text[d.start : d.end].strip()
    if _HEADING.fullmatch(stretch) or re.fullmatch(_ARTICLE, stretch):
        # the clause's heading (「（契約の解除及び損害賠償）」) or the article's number the parse
        # cut off from it (「（実地調査）|第15条|委託者は、…」) states no right
        return False
    s_start, s_end = spans[d.sentence]
    if _modality(text[d.start : d.end], text[s_start:s_end]) != "may":
        return False
    if named_topic and d.subject is None:
        return _opens_with_a_named_topic(_HEADING.sub("", text[s_start : d.end]))
    return d.subject == "issuer" or (
        d.subject is None and _the_issuer_opens(text[s_start : d.end], 40)
    )


_APPROVAL_OF_THE_ISSUER = re.compile(
    rf"(?:{_ISSUER_WORD.pattern})(?:の|が|から)[^。、]{{0,12}}?(?:承認|承諾|許可|許諾|同意|了承)"
)


def _the_issuer_opens(sentence: str, within: int) -> bool:
    """The issuer is named in the first ``within`` characters of ``sentence``, other than as the
    one whose approval is needed (「再委託は、…発注者の承認を得た場合に限り可。」: not who may)."""
    return bool(_ISSUER_WORD.search(_APPROVAL_OF_THE_ISSUER.sub("", sentence[:40])[:within]))


# destroying paper (「印刷した予定表は、…細断すること」) is disposal, though the alignment's trigger
# words name only 廃棄, 消去 and the like
_DESTROYING_PAPER = re.compile(r"細断|裁断|シュレッダ|溶解|粉砕|焼却")
# taking things out of the room in other words (「サーバ室の外へ運び出してはならない」)
_CARRYING_OUT = re.compile(r"の外(?:へ|に)[^。、]{0,4}?(?:運び)?出[しさす]|運び出|持ち帰")

# words that say a duty is this requirement's though no trigger word of the alignment occurs:
# changing the listed staff (「要員を変更するときは」「担当者を入れ替え」) is part of limiting them
_DUTY_CUES = {
    "SEC.RETURN_DISPOSAL": _DESTROYING_PAPER,
    "SEC.TAKEOUT_RESTRICTION": _CARRYING_OUT,
    # where the work is done (「…拠点の専用ブースに限って行わせ」), though no trigger word says so
    "SEC.WORK_LOCATION_CONTROL": re.compile(
        r"(?:拠点|ブース|作業室|執務室|区画|事業所|施設)[^。、]{0,8}?(?:に限|でのみ|においてのみ)"
    ),
    "SEC.PERSONNEL_LIMITATION": re.compile(
        r"(?:要員|従事者|担当者|作業員|技術者|従業者|者)(?:の(?:構成の)?)?(?:を|が|は)?[^。、]{0,6}?"
        r"(?:変更|交代|交替|追加|入れ替え|入替え|補充|増員|変え)"
    ),
}
# … and words that make a duty the one a requirement is stated by: 「…のためにのみ用いる」 is the
# purpose limitation itself, though the ban beside it has the trigger words
_CHOOSING_CUES = {
    # telling a third party, said as a noun in a terse item (「…の第三者への漏えい禁止。」)
    "SEC.CONFIDENTIALITY": re.compile(r"第三者(?:へ|への|に対する)(?:漏えい|漏洩|開示|提供)"),
    "SEC.RETURN_DISPOSAL": _DESTROYING_PAPER,
    "SEC.TAKEOUT_RESTRICTION": _CARRYING_OUT,
    "SEC.PURPOSE_LIMITATION": re.compile(
        r"(?:ため|目的|範囲)内?(?:に|の|で)?(?:のみ|だけ|限り|限って)[^。、]{0,4}?"
        r"(?:用い|使用|利用|使わ|使い|使う|供|取り?扱)|"
        # … unless a ban on other uses follows (「…流用は認められない」「…転用してはならない」)
        r"流用|転用"
    ),
    # the room where the work is done and how it is kept (「入力を行う区画には、…入室管理…を
    # 備えること」), not the takeout ban beside it that names the premises as the boundary
    "SEC.WORK_LOCATION_CONTROL": re.compile(r"区画(?:に|で|内)|入室(?:管理|の?記録)"),
    # subcontracting in other words (「他の者に処理させてはならない」) beside 「自ら処理するものとし」
    "SEC.SUBCONTRACT_APPROVAL": re.compile(slots.SUBCONTRACTING_IN_OTHER_WORDS),
    # limiting who works (「従事させる者を…届け出た者に限らなければならない」)
    "SEC.PERSONNEL_LIMITATION": re.compile(
        r"(?:従事(?:させる|する)|作業に当たる)者を[^。]{0,20}?(?:に限ら|に限る|に限定)"
    ),
}


# the issuer's right to ask for the report (「乙に報告を求め、又は…調査することができる」)
_ASKS_FOR_IT = re.compile(r"報告(?:を|の提出を)求め")

_NOT_TO_DO = re.compile(
    r"(?:開示|提供|転用|流用|漏ら|漏えい|複製|複写|持ち?出|利用|使用)(?:する|させる|し)?こと(?:の)?"
    r"ないように?(?:しなければ|すること|するものと)|"
    # 「…県庁外に持ち出さず、…破砕して廃棄すること」: not doing the act, on the way to another
    # (not the content of a pledge, 「…開示せず、漏えいさせないことを約した誓約書」)
    r"(?<!なら)(?<!得)ず[、,](?![^。]*?(?:こと|旨)を?(?:誓約|誓う|約し|約す|確約))"
)


def _stated_by_its_cue(own: str, requirement: str) -> bool:
    cue = _CHOOSING_CUES.get(requirement)
    return cue is not None and bool(cue.search(own))


# the ban a requirement of two parts is mostly about (taxonomy: COPY_RESTRICTION, 「複写・複製の
# 制限、貸与資料の管理」)
# what a requirement's flat ban bans, beyond the acts any ban may (slots.BANNABLE_ACT)
_ACTS_BANNED = {
    "SEC.EXTERNAL_SERVICE_RESTRICTION": slots.USING,
}
_THE_BAN_IT_NAMES = {
    "SEC.COPY_RESTRICTION": re.compile(r"複写|複製|コピー|写しを作"),
    # a ban on handling the number (「個人番号を書き写し、…保管してはならず、速やかに…引き継ぐこと」)
    # is the My Number duty, over the handing on after it
    "SEC.MYNUMBER_HANDLING": re.compile(r"個人番号|特定個人情報|マイナンバー"),
}


def _with_cues(hits, cues: Mapping[str, re.Pattern[str]]):  # type: ignore[no-untyped-def]
    """``hits`` with one more for a stretch where the requirement's cue occurs."""

    def scored(text: str, requirement: str) -> float:
        cue = cues.get(requirement)
        return hits(text, requirement) + (1.0 if cue is not None and cue.search(text) else 0.0)

    return scored


_IN_ADVANCE = ("before_contract", "after_contract", "bid", "before_start")
# a sentence about a thing rather than a party (「本サービスは、」「当該システムは、」)
_A_THING_AS_TOPIC = re.compile(
    r"^\s*[^、。はが]{0,16}(?:システム|サービス|機器|端末|装置|基盤|ソフトウェア|製品|機能)は、?"
)
# a requirement that something be possible (「…を制限できること。」), stated without naming the
# system as a topic
_FUNCTIONS_TO_HAVE = re.compile(r"できること[。\s]*$")
# a sentence opening with its topic (「教育委員会は、」「医療情報管理室の職員は、」)
# (after the item's number in brackets, 「(10)局は、」)
_NAMED_TOPIC = re.compile(
    r"^\s*(?:[（(][0-9一二三四五六七八九十]{1,3}[）)]\s*)?[^、。はがをにで「」（）()]{1,16}は、?"
)
_OPENING_CONDITION = re.compile(r"^[^。]*?(?:とき|場合)(?:は|には)、")


def _opens_with_a_named_topic(stretch: str) -> bool:
    """Whether the stretch opens with a topic, or with one after the condition that opens it
    (「…違反したときは、公社は、…解除することができる」)."""
    return bool(
        _NAMED_TOPIC.match(stretch)
        or _NAMED_TOPIC.match(_OPENING_CONDITION.sub("", stretch, count=1))
    )


def _where_the_work_is_done(duties, chosen, text, requirement, hits):  # type: ignore[no-untyped-def]
    """The duty that says where the work is done (「…においてのみ行うこと」「…に限る」), not the
    takeout ban beside it that names the same place as the boundary (「…の外へ持ち出して
    はならない」); and the work done at a place, or the place told, rather than a ban ``chosen``
    for its stronger words (「…自社工場内で行うこととし、…区画以外で取り扱わないこと」)."""
    instead_of_a_ban = _ends_in_a_ban(text[chosen.start : chosen.end])
    for d in duties:
        own = text[d.start : d.end]
        if _MUST_NOT.search(own):
            continue
        if _ONLY_THERE.search(own) and hits(own, requirement):
            return d
        if instead_of_a_ban and _WORK_DONE_THERE.search(own):
            return d
    return None


def _printed(norm: NormalizedText, surface: str | None, piece: str, near: int = 0) -> str:
    """``piece`` of the normalised text as it is printed in ``surface`` (when given)."""
    if surface is None:
        return piece
    start = norm.text.find(piece, near)
    if start < 0:
        start = norm.text.find(piece)
    if start < 0:
        return piece
    s, e = norm.surface_span(start, start + len(piece))
    return surface[s:e]


# a correction to the specification issued during a tender: 「仕様書第５章３．（２）中「…」を「…」に
# 改める。」 (one or more such pairs) or 「…の後に次の一文を加える。「…」」; what binds is the text it
# puts in
_CORRECTED_PAIR = re.compile(
    r"[「『](?P<old>[^「」『』]*)[」』]を[「『](?P<new>[^「」『』]+)[」』]に"
)
_A_CORRECTION = re.compile(
    r"[」』]に(?:改める|改め|訂正する|修正する|改正する|置き換える|変更する)[。\s]*$"
)
_AN_ADDITION = re.compile(
    r"^.*?(?:次の|以下の)(?:一文|文|一項|項|号|ただし書|なお書)を(?:加える|追加する|挿入する)"
    r"[。：:\s]*[「『](?P<new>[^「」『』]+)[」』][。\s]*$"
)


def _as_corrected(norm: NormalizedText) -> NormalizedText:
    """A correction notice with everything but the text it puts in blanked, the offsets kept (so
    what is read maps back to the printed new text)."""
    text = norm.text
    if _A_CORRECTION.search(text):
        kept = [m.span("new") for m in _CORRECTED_PAIR.finditer(text)]
    elif m := _AN_ADDITION.match(text):
        kept = [m.span("new")]
    else:
        return norm
    if not kept:
        return norm
    blanked = [" "] * len(text)
    for start, end in kept:
        blanked[start:end] = text[start:end]
        # each piece put in ends where its sentence would
        if end < len(text) and not text[start:end].endswith("。"):
            blanked[end] = "、"
    if blanked[-1] == "、":
        blanked[-1] = "。"
    return replace(norm, text="".join(blanked))


def extract(
    clauses: Sequence[tuple[NormalizedText, Sequence[str]]],
    hits,  # type: ignore[no-untyped-def]
    surfaces: Sequence[str] | None = None,
    contexts: Sequence[str | None] | None = None,
    glossaries: Sequence[Mapping[str, str] | None] | None = None,
) -> list[tuple[Obligation, ...]]:
    """Frames for each (normalised clause text, its requirement IDs). ``hits(text, requirement)``
    scores how strongly a stretch of text speaks of a requirement (its trigger words). With the
    clauses' printed ``surfaces``, exception and deadline texts are given as printed. A list item's
    ``contexts`` entry is the normalised text of the clause that introduces it (「次の事項を書面で
    届け出ること。」), read for the time and form its items leave unstated. A clause's ``glossaries``
    entry maps the terms its document defines to their scope (`slots.glossary`)."""
    choosing_hits = _with_cues(hits, _CHOOSING_CUES)
    hits = _with_cues(hits, _DUTY_CUES)
    clauses = [(_as_corrected(n), reqs) for n, reqs in clauses]
    # a clause that aligns to no requirement has no frames: its sentences are not parsed
    sentence_spans = [_sentences(n.text) if reqs else [] for n, reqs in clauses]
    flat = [
        n.text[s:e] for (n, _), spans in zip(clauses, sentence_spans, strict=True) for s, e in spans
    ]
    docs = iter(parse(flat))
    out: list[tuple[Obligation, ...]] = []
    printed = surfaces if surfaces is not None else [None] * len(clauses)
    intros = contexts if contexts is not None else [None] * len(clauses)
    terms = glossaries if glossaries is not None else [None] * len(clauses)
    for (norm, requirements), spans, surface, intro, glossary in zip(
        clauses, sentence_spans, printed, intros, terms, strict=True
    ):
        text = norm.text
        duties: list[_Duty] = []
        for k, (s, _e) in enumerate(spans):
            duties.extend(_duties(next(docs), s, k))
        if not requirements:
            out.append(())
            continue
        clause_exceptions = slots.exceptions(text)
        clause_survival = slots.survival(text)
        frames = []
        my_number_subcontracting = False
        for requirement in requirements:
            d = duties[_best_duty(duties, text, requirement, choosing_hits, spans, requirements)]
            issuer_acts = None
            if _a_right_of_the_issuer(requirement):
                issuer_acts = _issuer_acting(duties, spans, text)
                d = _issuers_right(duties, spans, text) or issuer_acts or d
            elif _spec(requirement).asked_for_by_the_issuer and (
                right := _issuers_right(duties, spans, text)
            ):
                # (a clause that opens with the contractor's own reports and adds the right after
                # them is about those reports, as for cooperation after an incident)
                if right.sentence == 0 and _ASKS_FOR_IT.search(text[slice(*spans[0])]):
                    d = right
            elif _spec(requirement).opened_by_the_issuer and d.sentence > 0:
                # 「甲は、…事故の内容を公表することができる。乙は、…確認に応じなければならない。」:
                # a clause that opens with what the issuer does after an incident is about that
                # act; the contractor's part answers it
                first = [e for e in duties if e.sentence == 0]
                issuer_acts = _issuer_acting(first, spans, text)
                d = _issuers_right(first, spans, text) or issuer_acts or d
            elif requirement == "SEC.REMEDIATION" and (
                right := _asks_for_a_correction(duties, spans, text)
            ):
                # 「甲は、…不十分であると認めるときは、乙に対し改善を求めることができる。乙は、…
                # 是正しなければならない。」: a clause that opens with the issuer's right to ask for
                # a correction is about that right, as one that opens with what the issuer does
                # after an incident is (the written sets' annotators read 14 of the 16 such clauses
                # so; one that opens with an inspection and adds the correction is the contractor's
                # must; corpora/frames/README.md, conventions)
                d = right
            elif _spec(requirement).duty_is_a_place:
                d = _where_the_work_is_done(duties, d, text, requirement, hits) or d
            own = text[d.start : d.end]
            s_start, s_end = spans[d.sentence]
            sentence = text[s_start:s_end]
            modality = _modality(own, sentence, _kind(requirement) == "act")
            if (
                modality == "must_not"
                and "reference" in _spec(requirement).attributes
                and _kind(requirement) == "act"
                and _COMPLIES.search(own)
            ):
                # 「…ガイドラインに従い、…範囲を超えて取り扱ってはならない」: following the law is
                # the duty the law's requirement states; the ban after it is what the law asks
                modality = "must"
            if d is issuer_acts:
                modality = "may"  # 「当省は、…監査を実施する。」: the issuer binds no one by it
            elif modality == "may" and (
                _A_THING_AS_TOPIC.match(_HEADING.sub("", sentence))
                or (d.subject != "issuer" and _FUNCTIONS_TO_HAVE.search(sentence))
            ):
                # 「本サービスは、…SLAを提示できるものとし」: what a system or service can do is
                # a function it must have, not a party's permission; so is each できる of a
                # sentence that lists such functions (「…多要素認証を用いることができ、…接続を
                # 制限できること。」)
                modality = "must"
            if d.sentence > 0 and _SAME_AS_BEFORE.search(sentence):
                # 「…利用してはならない。他の用途への転用も同様とする。」 repeats the duty before
                before = [e for e in duties if e.sentence == d.sentence - 1][-1]
                b_start, b_end = spans[before.sentence]
                modality = _modality(text[before.start : before.end], text[b_start:b_end])
            if modality == "must_not" and (
                _positive_before_the_ban(own, requirement, hits)
                # 「名簿に記載のない者に…取り扱わせてはならない」: for an act of limiting who
                # works, the ban on the unlisted is that act (corpora/frames/README.md)
                or (_kind(requirement) == "act" and _THE_UNLISTED.search(own))
            ):
                modality = "must"
            elif modality == "must" and _kind(requirement) == "ban" and _NOT_TO_DO.search(own):
                # 「…転用することなく、…開示することのないようにしなければならない」: ensuring one does
                # not do the act is the ban (an outcome to ensure, 「…漏れることのないようにすること」,
                # is an act-kind requirement's safeguard and stays a must)
                modality = "must_not"
            elif (
                modality == "must_not"
                and not _MUST_NOT.search(own)
                and _stated_by_its_cue(own, requirement)
                and _about_another(text[d.end : s_end], requirement, requirements, hits)
            ):
                # 「…必要な範囲でのみ利用し、第三者に開示してはならない」: the use only for the work
                # is the act stated; the ban after it is confidentiality's
                modality = "must"
            if modality == "must" and (level := _LEVEL_TAG.search(text)):
                # 「【推奨】SR-08 受注者は、…を取得していること。」: the item's level, printed as a
                # tag or a table's last cell, is the strength its plain wording leaves out
                modality = "may" if "任意" in level.group() else "should"
            attrs = (*_spec(requirement).attributes, *_spec(requirement).also_reads)
            deadline = _deadline_of(
                d, duties, spans, text, intro, requirement, requirements, hits, attrs
            )
            if _spec(requirement).done_at_the_end:
                deadline = _due_at_the_end(deadline, text)
            deadline_json = None
            if deadline is not None:
                deadline_json = deadline.as_dict()
                deadline_json["text"] = _printed(norm, surface, deadline.text, d.start)
            actor = d.subject or "contractor"
            if (
                modality == "may"
                and d.subject is None
                and (
                    _the_issuer_opens(sentence, 20)
                    or (
                        _the_issuers_may(requirement, d.sentence, sentence)
                        and _opens_with_a_named_topic(sentence)
                    )
                )
            ):
                actor = "issuer"
            if actor == "issuer" and modality != "may" and _ASKED_OF_THE_CONTRACTOR.search(own):
                # 「当省は、受注者に対し、…情報の提出を求める。」: what the issuer asks of the
                # contractor is the contractor's duty
                actor = "contractor"
            # an exception belongs to the duty it follows: its own sentence, or the next one
            # (「…してはならない。ただし、…この限りでない。」) unless that sentence is about another
            # of the clause's requirements (a takeout ban's exception beside a place of work);
            # a proviso lifts the ban before it, not the duty it goes on to impose
            # (「ただし、…承認を受けて再委託することができ、この場合、…同一の義務を課すこと」)
            mine = [
                x
                for x in clause_exceptions
                if (pos := text.find(x)) >= s_start
                and (
                    (
                        pos < s_end
                        and not _imposed_by_a_proviso(x, pos, d, spans, text, requirement, hits)
                        and not _in_a_later_subjects_ban(
                            pos, d, duties, spans, text, requirement, requirements, hits
                        )
                    )
                    or (
                        _sentence_of(spans, pos) == d.sentence + 1
                        and not _about_another(
                            text[slice(*spans[d.sentence + 1])], requirement, requirements, hits
                        )
                    )
                    # (past a note that the duty holds on, 「…禁止。契約終了後も同様。ただし、…」
                    # 「…開示してはならない。この義務は、本契約の終了後も存続する。ただし、既に
                    # 公知となっている情報については、この限りでない。」)
                    or (
                        _sentence_of(spans, pos) == d.sentence + 2
                        and _HOLDS_ON.search(text[slice(*spans[d.sentence + 1])])
                        and not _about_another(
                            text[slice(*spans[d.sentence + 2])], requirement, requirements, hits
                        )
                    )
                )
            ]
            # approval qualifies the whole sentence, often through its exception, but not
            # through a ban of it that is another requirement's (「…目的外に用いてはならず、
            # 甲の同意なく第三者に開示してはならない」: the consent is the disclosure's way out)
            # (the duty runs on through a fragment the parser cut before its predicate, 「…情報を
            # 第三者に」「提供し、又は…用いてはならない」: that predicate is the duty's own)
            own_end = d.start + len(_through_te_form(duties, duties.index(d), text))
            approving = "".join(
                text[e.start : e.end]
                for k, e in enumerate(duties)
                if e.sentence == d.sentence
                and (
                    e is d
                    or d.start <= e.start < own_end
                    or (
                        (
                            not _ends_in_a_ban(stretch := _through_te_form(duties, k, text))
                            or not _about_another(stretch, requirement, requirements, hits)
                        )
                        and not _in_a_later_subjects_ban(
                            e.start, d, duties, spans, text, requirement, requirements, hits
                        )
                    )
                )
            )
            if requirement == "SEC.PURPOSE_LIMITATION" and "SEC.CONFIDENTIALITY" in requirements:
                # 「…以外の目的に用いてはならず、書面による同意なしに第三者へ提供してはならない」: the
                # consent lifts the disclosure ban, which is confidentiality's, not the use's
                for consent in _CONSENT_TO_DISCLOSE.finditer(sentence):
                    approving = approving.replace(consent.group("consent"), "")
                mine = [x for x in mine if not _consents_to_disclose(x, text)]
            approval = (
                slots.approval(
                    " ".join([approving, *mine]),
                    modality,
                    bool(mine),
                    bannable=requirement != "SEC.PURPOSE_LIMITATION",
                    # a flat ban on services used on their terms alone bans using them (a ban on
                    # handling the number is no `prohibited` in dense.jsonl, 14 of 14, though
                    # D11 reads 7 so: left as it was, corpora/frames/README.md)
                    acts=_ACTS_BANNED.get(requirement),
                )
                if "approval" in attrs
                else None
            )
            if "approval" in attrs and approval is None and _A_BAN_PLEDGED.search(own):
                # 「…再委託しないことを、誓約書により提出すること」: the pledge is the duty, and
                # what it pledges is a ban, as flat as its own words make it
                approval = slots.approval(
                    " ".join([approving, *mine]),
                    "must_not",
                    bool(mine),
                    bannable=requirement != "SEC.PURPOSE_LIMITATION",
                )
            if (
                "approval" in attrs
                and approval in (None, "notification")
                and modality != "must_not"
            ):
                # 「…作業体制表を提出すること。従事者を交代させるときは、事前に当院の承認を
                # 得なければならない。」: the approval another sentence about the duty asks for;
                # a change that needs approval outranks the roster's notification
                # (「届け出た者に限る。…変更は、…了承を得て行うこと」)
                other = _in_another_sentence(
                    duties,
                    d,
                    text,
                    requirement,
                    requirements,
                    hits,
                    lambda stretch: slots.approval(stretch, "must"),
                )
                if other in ("prior_approval", "prior_written_approval") or (
                    approval is None
                    # (read beyond the requirement's attributes, only an approval asked for
                    # elsewhere is the duty's: a lapse told, 「登録が失効したときは…届け出る
                    # こと」, is a duty of its own)
                    and "approval" in _spec(requirement).attributes
                ):
                    approval = other or approval
            stating = d  # the duty whose sentence states the obligation, and its conditions
            if "approval" in attrs:
                modality, approval, stating = _ban_with_a_way_out(
                    duties, spans, text, requirement, requirements, hits, d, modality, approval
                )
                if stating is not d and deadline_json is None:
                    # the way out chosen for the ban (「再委託：不可。ただし、…着手の十四日前まで
                    # に申請書を提出し、…承認を得た場合は…」) is due at the time its sentence asks
                    way_out = _a_time(text[slice(*spans[d.sentence])])
                    if way_out is not None:
                        deadline_json = way_out.as_dict()
                        deadline_json["text"] = _printed(norm, surface, way_out.text, d.start)
            if approval is None and _spec(requirement).duty_always_an_act:
                # 「…名簿を提出すること。…要員を交代させるときは、…届け出ること」: the staff are
                # limited to those the issuer is told of, and so are their changes, wherever the
                # clause says it
                # (a new roster handed in for the change, 「変更前に改めて名簿を提出」, tells it too)
                change = _A_CHANGE_TOLD.search(text)
                approval = (
                    (slots.approval(change.group(0), "must") or "notification") if change else None
                )
            form = _form_of(
                d,
                duties,
                spans,
                text,
                intro,
                requirement,
                requirements,
                hits,
                attrs,
                approval,
                modality,
            )
            if actor == "issuer" and modality == "may":
                # the issuer's right has no time of its own, and no form but the one it asks for
                # (「…書面での報告を求め」): the time and the report that follow it are the
                # contractor's answer (「甲は、…改善を求めることができる。乙は、速やかに…措置を
                # 講じ、その結果を書面で報告」); 244 of the 247 such frames of D13 have no deadline
                deadline_json = None
                if form is not None and slots.form(text[spans[d.sentence][0] : d.end]) is None:
                    form = None
            if (
                requirement == "SEC.MYNUMBER_HANDLING"
                and "SEC.SUBCONTRACT_APPROVAL" in requirements
            ):
                my_number_subcontracting = bool(_SUBCONTRACTING.search(sentence))
            frames.append(
                Obligation(
                    requirement_id=requirement,
                    actor=actor,
                    # the bound is the duty, whether it is worded as a limit or as a ban on
                    # going beyond it (the approval and form above are read as worded)
                    modality="must"
                    if (modality == "must_not" and _spec(requirement).duty_is_a_limit)
                    or _spec(requirement).duty_always_an_act
                    else modality,
                    conditional=_conditional(
                        requirement, text[spans[stating.sentence][0] : stating.end]
                    )
                    # 「再委託するときは、…承認を得ること。再委託先には…させること」: binding
                    # the subcontractor arises only when the clause's subcontracting does
                    or (
                        _spec(requirement).duty_binds_subcontractor
                        and _is_conditional(text[: spans[stating.sentence][0]])
                    ),
                    deadline=deadline_json,
                    form=form,
                    approval=approval,
                    scope=_scope(own, sentence, text, glossary, "scope" in attrs, requirement),
                    exceptions=tuple(_printed(norm, surface, x) for x in mine),
                    survival=clause_survival,
                    # binding the subcontractor is what a flow-down requirement is; the approval
                    # of subcontracting is not itself flowed down; other duties say so in their
                    # own words or after them (「…漏らしてはならず、再委託先にもこれを遵守させる」),
                    # not by following a flow-down in the same sentence (「…同等の義務を負わせ
                    # なければならず、…損害を賠償しなければならない」)
                    flowdown=requirement == "SEC.SUBCONTRACT_FLOWDOWN"
                    or (
                        requirement != "SEC.SUBCONTRACT_APPROVAL"
                        and slots.flowdown(text[d.start : s_end])
                    ),
                    reference=_reference(requirement, own, sentence, text),
                )
            )
        if my_number_subcontracting:
            frames = _as_the_subcontracting(frames)
        out.append(tuple(frames))
    return out


# a staff limitation's changes told to the issuer (「交代させるときは…届け出る」「変更前に改めて名簿を
# 提出」)
_STAFF_CHANGED = r"交代|交替|変更|入れ替|入替|追加|異動|差し?替"
_A_CHANGE_TOLD = re.compile(
    rf"(?:{_STAFF_CHANGED})[^。]{{0,60}}?(?:届け?出|申し?出|通知|報告|"
    r"(?:名簿|一覧|体制表)を[^。]{0,20}?提出)"
)

# … and a change of staff told or agreed to (「担当者を変えるときは、…３営業日前までに本市の了解を
# 得ること」「欠員を補うときは、…前日までに甲へ届け出ること」)
_A_CHANGE_ASKED = re.compile(
    rf"(?:{_STAFF_CHANGED}|変え|補う|補充|欠員)[^。]{{0,60}}?"
    r"(?:届け?出|申し?出|通知|報告|了解|了承|承認|承諾|提出)"
)

# consent to disclose (「書面による同意なしに第三者へ提供し」「書面による承諾がある場合を除き、
# 第三者に開示して」「書面による同意を得ずに他に漏らさず」)
_CONSENT_TO_DISCLOSE = re.compile(
    r"(?P<consent>[^、。]{0,20}?(?:承諾|同意|許可|承認)(?:を得ずに|なく|なしに|を得ないで|"
    r"がある場合を除き|を得た場合を除き))、?[^、。]{0,20}?(?:第三者|他に|他人|外部)[^、。]{0,10}?"
    r"(?:提供|開示|漏ら|知らせ|閲覧|公表)"
)


def _consents_to_disclose(exception: str, text: str) -> bool:
    """Whether the exception is a consent to the disclosure that follows it (「区の書面による承諾が
    ある場合を除き、第三者に開示してはならない」)."""
    at = text.find(exception)
    found = _CONSENT_TO_DISCLOSE.search(text[at : at + len(exception) + 40])
    # (the consent is the exception's own: not 「（公知の情報を除く。）…許可なく第三者に開示」)
    return found is not None and found.start() < len(exception)


# 「…再委託先が更に委託するときも、…許諾を要する」: the permission 番号法 asks for at every tier
_SUBCONTRACTING = re.compile(r"委託|委ね|行わせ|処理させ|許諾")
_SUBCONTRACTING_IN_ANY_WORDS = re.compile(
    r"再委託|下請負|(?:第三者|他の事業者|他の者|別の者|他者)に[^。、]{0,8}?(?:委託|委ね)|"
    + slots.SUBCONTRACTING_IN_OTHER_WORDS
)


def _as_the_subcontracting(frames: list[Obligation]) -> list[Obligation]:
    """The My Number frame of a clause about subcontracting My Number work is that
    subcontracting (both golds: the ban on it, lifted tier by tier), so it takes the subcontracting
    frame's modality, approval and form, not those of the per-tier permission it names."""
    ban = next(f for f in frames if f.requirement_id == "SEC.SUBCONTRACT_APPROVAL")
    return [
        replace(f, modality=ban.modality, approval=ban.approval, form=ban.form)
        if f.requirement_id == "SEC.MYNUMBER_HANDLING"
        else f
        for f in frames
    ]


def _in_another_sentence(duties, chosen, text, requirement, requirements, hits, read):  # type: ignore[no-untyped-def]
    """The first value ``read`` finds in a duty of another sentence of the clause that speaks
    mostly of the same requirement."""
    for e in duties:
        if e.sentence == chosen.sentence:
            continue
        stretch = text[e.start : e.end]
        if _spec(requirement).duty_timing == "on_event" and _done_in_advance(
            "".join(text[x.start : x.end] for x in duties if x.sentence == e.sentence)
        ):
            continue  # the preparation made beforehand is not what is owed once it happens
        # in a clause of one requirement, every sentence is about it
        about_it = len(requirements) == 1 or _speaks_mostly_of(
            stretch, requirement, requirements, hits
        )
        if about_it and (found := read(stretch)):
            if isinstance(found, slots.Deadline) and found.anchor is None:
                # the event that opens that sentence is what its time counts from
                # (「…定めること。インシデントが発生した際は…速やかに報告すること」)
                opens = min(x.start for x in duties if x.sentence == e.sentence)
                opening = slots.anchor(text[opens : e.start])
                if opening is not None and not (
                    opening == "on_completion" and slots.counts_back(found.text, found.days)
                ):
                    found = replace(found, anchor=opening)
            return found
    return None


def _done_in_advance(sentence: str) -> bool:
    """「…手順を定めた書面を、あらかじめ提出しておくこと」「業務開始前に…確認を得ておく」"""
    return slots.anchor(sentence) in _IN_ADVANCE or bool(
        re.search(r"あらかじめ|予め|事前に", sentence)
    )


def _te_joined_deadline(duties, d, text):  # type: ignore[no-untyped-def]
    """The time of the stretch just before the duty in its sentence, when that stretch ends in a
    て-form the duty completes."""
    before = [e for e in duties if e.sentence == d.sentence and e.end <= d.start]
    if not before or not re.search(r"[てで]、?$", text[before[-1].start : before[-1].end].rstrip()):
        return None
    return _a_time(text[before[-1].start : before[-1].end])


def _deadline_of(d, duties, spans, text, intro, requirement, requirements, hits, attrs):  # type: ignore[no-untyped-def]
    """The duty's deadline: its own words first, then where its kind of duty states one."""
    s_start, s_end = spans[d.sentence]
    sentence = text[s_start:s_end]
    has_deadline = "deadline" in attrs
    own = slots.deadline(_before_its_record(text[d.start : d.end], requirement))
    # the event alone that the duty's stretch opens with (「前号の消去を終えたときは、…添えて、」)
    # waits for a period the rest of its sentence states (「…業務完了日から５営業日以内に提出」)
    rest = _a_time(text[d.end : s_end])
    event_only = (
        own
        if own is not None
        and not (own.qualifier or own.days)
        and rest is not None
        and rest.days is not None
        and rest.anchor is not None
        else None
    )
    deadline = (
        # a report in two stages (「直ちに電話で一報し、３日以内に報告書を提出」) is due at
        # the first: an earlier duty of the sentence about the same requirement sets the time
        (_first_stage_deadline(duties, d, text, requirement, hits) if has_deadline else None)
        or (own if event_only is None else None)
        # 「…速やかに甲に引き渡して、個人番号を…記録してはならない」: the act joined to the duty
        # by its て-form is done in the same breath
        or _te_joined_deadline(duties, d, text)
        # 「脆弱性情報を収集し、…公表から７日以内に対策を講ずること」: a later duty of the sentence
        # that speaks of the requirement as strongly is the same obligation's deadline
        or _equal_later_duty_deadline(duties, d, text, requirement, hits)
        or (slots.deadline(intro) if intro else None)
        # time words that open the sentence apply to the duties after them when the duty's
        # kind has a deadline (「契約締結後速やかに、…を届け出るとともに、…を提出すること」)
        # (「指定する日までに…引き渡し、…確認した後、…消去すること」: of a time that an earlier
        # duty of another requirement states for itself, only the event it counts from)
        or (
            _opening_time(text[s_start : d.start], requirement, requirements, hits)
            if has_deadline
            else None
        )
        # or, for such a duty, the one time the rest of its sentence states (but the time
        # a disposal certificate is due is the certificate's, not the disposal's)
        or (
            slots.deadline(text[d.end : s_end])
            if has_deadline
            and not _recorded_by_another(requirement)
            and len(_DEADLINE_WORD.findall(sentence)) == 1
            else None
        )
    )
    deadline = deadline or event_only
    if requirement == "SEC.CLOUD_EXIT" and (before_the_end := _COUNTED_BACK.search(text)):
        # leaving a service is timed by the notice or the plan due before its end, wherever the
        # clause states it (「…データを引き渡し、…消去すること。サービスの提供を終了するときは、６か月
        # 前までに通知すること」): 24 of the 24 such CLOUD_EXIT frames of D14
        deadline = slots.deadline(before_the_end.group(0)) or deadline
    if (
        deadline is None
        and requirement == "SEC.ACCESS_SCOPE"
        and (ended := _ACCESS_NO_LONGER_NEEDED.search(text))
    ):
        # access is limited in time by its removal when a holder leaves (「異動又は退職の際は即日
        # 無効化」「不要となった権限は速やかに削除」): 13 of the 14 such frames of D14 take its time
        deadline = slots.deadline(ended.group(0))
    if deadline is None and _PLEDGED.search(text[d.start : s_end]):
        # 「受注者は、同誓約書により、…用いないこと…を誓約するものとする」: the duty is the pledge
        # (corpora/frames/README.md, conventions), due when the pledge is handed in
        deadline = next(
            (
                found
                for k, (s, e) in enumerate(spans)
                if k != d.sentence
                and _PLEDGE_HANDED_IN.search(text[s:e])
                and (found := _a_time(text[s:e]))
            ),
            None,
        )
    if deadline is None and has_deadline:
        # what the duty puts into a document another sentence hands in (「体制図を契約締結後２週間
        # 以内に提出すること。体制図には、…資料を添付する」) is due with that document
        deadline = _with_its_document(spans, d.sentence, text)
    if deadline is None and _spec(requirement).duty_always_an_act:
        # the staff limited and their changes told by a time (「…届け出た者に限る。体制を変更する
        # 場合は、変更の１週間前までに…申し出て了承を得ること」): the change's time is the duty's
        change = _A_CHANGE_ASKED.search(text)
        deadline = _a_time(change.group(0)) if change else None
    if deadline is None and (has_deadline or len(requirements) == 1):
        # or the time another sentence about the same duty states (「稼働率は…とし、…。
        # 障害を検知したときは４時間以内に復旧させること」), a time and not only 「事前に」
        deadline = _in_another_sentence(duties, d, text, requirement, requirements, hits, _a_time)
    if deadline is not None and deadline.anchor is None:
        # the event the time counts from is often the condition that opens the sentence
        # (「事故が発生したときは、…直ちに報告」)
        opening = slots.anchor(text[s_start : d.start])
        # (but not the end of the work for a time counted back: slots.counts_back)
        if opening is not None and not (
            opening == "on_completion" and slots.counts_back(deadline.text, deadline.days)
        ):
            deadline = replace(deadline, anchor=opening)
    return deadline


def _opening_time(before: str, requirement, requirements, hits) -> slots.Deadline | None:  # type: ignore[no-untyped-def]
    """The time words of the sentence before the duty. Where an earlier duty of another
    requirement comes between, only the event it counts from, unless the time opens the sentence
    ahead of every act (「業務完了の日から十四日以内に、…返還し、…消去し、…証明書を提出」):
    then it is the time of each."""
    found = slots.deadline(before)
    if found is None or not _about_another(before, requirement, requirements, hits):
        return found
    at = before.find(found.text) if found.text else -1
    # (the clause's heading, 「第12条(資料等の返還及び消去)」, names its topics, no act)
    opens = at >= 0 and not _about_another(
        _HEADING.sub("", before[:at]), requirement, requirements, hits
    )
    # a period the text counts forward (「十四日以内に」), or time words set off by a comma
    # (「履行完了後速やかに、」), not 「速やかに返還し」 inside the first act, nor a time counted back
    # for a plan (「満了の３か月前までに…計画を提出し」)
    set_off = before[at + len(found.text) : at + len(found.text) + 1] in ("、", ",")
    counted = found.days is not None and not slots.counts_back(found.text, found.days)
    if opens and (set_off or counted):
        return found
    return slots.anchor_deadline(before)


_PLEDGED = re.compile(r"(?:こと|旨)を?(?:誓約|誓う|確約)")
# the access of one who leaves, or no longer needs it, removed by a time
_ACCESS_NO_LONGER_NEEDED = re.compile(
    r"(?:異動|退職|離任|交代|不要)[^。]{0,40}?"
    rf"(?:当日中|即日|直ちに|速やかに|遅滞なく|(?:{slots.NUM})(?:日|営業日|開庁日)以内)"
)
# a period counted back from an end (「終了の６か月前までに」「その三十日前までに」)
_COUNTED_BACK = re.compile(
    rf"(?:{slots.NUM})\s*(?:か月|ヶ月|カ月|箇月|ケ月|日|週間|営業日|開庁日)前まで"
)
_A_BAN_PLEDGED = re.compile(
    r"(?:しない|ない)こと[^。]{0,40}?(?:を[、,]?[^。]{0,12}?誓約書|を?(?:誓約|誓う|確約))"
)
_PLEDGE_HANDED_IN = re.compile(r"誓約書[^。]{0,30}?(?:提出|差し?入れ|差し?出)")

# a document the sentence writes into or attaches to (「体制図には」「前号の書面に添えて」「同書面に
# 記載」「計画書に記載」)
_INTO_A_DOCUMENT = re.compile(
    r"([一-龥]{0,6}(?:書面|書|図|表|計画|名簿|一覧))(?:には|に(?:添え|添付|記載|記し|記入|含め))"
)


def _with_its_document(spans: list[tuple[int, int]], k: int, text: str) -> slots.Deadline | None:
    """The time another sentence of the clause hands in the document sentence ``k`` puts its
    content into."""
    into = _INTO_A_DOCUMENT.search(text[slice(*spans[k])])
    if into is None:
        return None
    noun = into.group(1).removeprefix("同").removeprefix("当該")[-3:]
    for j, (s, e) in enumerate(spans):
        other = text[s:e]
        if j != k and noun in other and re.search(r"提出|届け?出|提示", other):
            found = _a_time(other)
            if found is not None:
                return found
    return None


def _a_time(stretch: str) -> slots.Deadline | None:
    found = slots.deadline(stretch)
    return found if found is not None and (found.qualifier or found.days) else None


def _form_of(
    d, duties, spans, text, intro, requirement, requirements, hits, attrs, approval, modality
):  # type: ignore[no-untyped-def]
    """The form of the duty's act: its own words first, then where its kind of duty states one."""
    s_start, s_end = spans[d.sentence]
    if _recorded_by_another(requirement) and not _A_PLAN_HANDED_IN.search(text[s_start:s_end]):
        return None
    if _a_right_of_the_issuer(requirement):
        # the issuer's right to audit or to end the contract is no act of the contractor's that
        # a form could be asked of (the records it is shown are what it checks)
        return None
    if modality == "must_not" and approval in (None, "prohibited"):
        return None  # an outright ban hands nothing in; a ban's form is that of its way out
    if approval == "prior_written_approval":
        return "written"  # a duty that needs written approval is a duty in written form
    if d.sentence > 0 and _SAME_AS_BEFORE.search(text[s_start:s_end]):
        # 「…月次の作業報告書の所定欄に記載して報告すること。…求めたときも、同様とする。」: the
        # duty repeated is done in the form of the one before
        s_start, s_end = spans[d.sentence - 1]
    sentence = text[s_start:s_end]
    has_form = "form" in attrs

    def read(stretch: str) -> str | None:
        if _spec(requirement).duty_always_an_act:
            stretch = _PLEDGE_TAKEN.sub("", stretch)
        return slots.form(stretch, plans_made=has_form)

    start = d.start
    if _spec(requirement).duty_binds_subcontractor:
        # binding the subcontractor starts after the approval to subcontract that its stretch
        # may run through (「…を記した書面により承認を得た上で、…同等の義務を課すこと」): the
        # application is that approval's form, not the flow-down's
        asked = [m.end() for m in _ASKS_FOR_APPROVAL.finditer(text, d.start, d.end)]
        start = max(asked, default=d.start)
    form = (
        read(text[start : d.end])
        or (read(intro) if intro else None)
        # a duty whose kind has a form (reports, plans, approvals) may state it anywhere
        # in its sentence: 「…を作成し、書面で提出すること」
        or (read(sentence) if has_form else None)
        # or what the duty goes on to hand in within its sentence (「是正し、…書面で報告」)
        or read(text[start:s_end])
        # or the means an earlier part of its sentence states for the same act (「…暗号化
        # した記録媒体を用い、…手渡しにより行う」), unless that part is another duty's
        or (
            read(text[s_start : d.start])
            if d.start > s_start
            and not _about_another(text[s_start : d.start], requirement, requirements, hits)
            else None
        )
    )
    rest = text[d.end : s_end]
    if (
        form == "electronic"
        and has_form
        and read(rest) == "written"
        and _speaks_mostly_of(rest, requirement, requirements, hits)
    ):
        # a report in two stages (「電話及び電子メールで通報し、…報告書を提出」) is made
        # in the form of its written report
        return "written"
    if (
        form == "written"
        and d.sentence + 1 < len(spans)
        and _ALLOWED_ELECTRONICALLY.match(text[slice(*spans[d.sentence + 1])])
    ):
        # 「…報告書を提出すること。報告書は電磁的記録により提出することができる。」: the next
        # sentence allows the weaker medium
        return "electronic"
    if form is None and modality == "must_not" and approval is not None:
        # a ban's form is that of its way out in the next sentence (「…の持出し禁止。…持出しを
        # 要する場合は、…を記した書面を提出し、事前に承認を受けること。」)
        way_out = text[slice(*spans[d.sentence + 1])] if d.sentence + 1 < len(spans) else ""
        if _ASKS_FOR_APPROVAL.search(way_out) and not _ends_in_a_ban(way_out):
            form = read(way_out)
    if form is None and _SUBMISSION_NOTE.search(text, s_end):
        return "written"
    if form is None and has_form:
        # or what another sentence about the same duty hands in (「…認めない。…を再委託
        # しようとするときは、…申請書を提出して承認を受けること」)
        form = _in_another_sentence(duties, d, text, requirement, requirements, hits, slots.form)
    return form


# the taxonomy data's `also_reads`, slots a requirement's clauses state beyond its attributes, read
# as for a requirement that lists them: the proof of a certification handed in (「認証登録証の写しを入札時に
# 提出」: form), protection measures recorded in a plan handed in by a time (「…対策の内容…を計画書
# に記載し、契約締結日から１０日以内に提出」: deadline; My Number handling read so cost the seed a
# frame), the medium of a transfer (「暗号化ファイル送受信システムを用いる」: form), preparations
# for an incident approved beforehand (「…手順を運用計画書に定め、運用開始前に承認を受ける」:
# approval), a cloud service off the list used only with approval (「未掲載の場合は…書面で示し、局の
# 承認を得ること」: approval; a lapse told in another sentence is a duty of its own), and changes
# made only with the issuer's approval (「…本番環境への反映は本学の承認を得たリリース単位で行う」:
# approval; an approval procedure set up among the controls, 「変更の申請、承認及び記録の手順を
# 定め」, is none: slots._AN_APPROVAL_PROCEDURE)

# a plan or procedure for moving out handed in or drawn up (「…出力する手順を運用開始前に定め、本県に
# 提出」「移行計画書を…作成し」) is a document of its own, not the return its certificate records
_A_PLAN_HANDED_IN = re.compile(r"(?:計画|手順)(?:書|案)?を[^。]{0,30}?(?:提出|作成|策定)")

# a sentence that only allows a document to be handed in electronically (「報告書は電磁的記録
# により提出することができる。」「なお、電子メールによる提出も可とする。」)
_ALLOWED_ELECTRONICALLY = re.compile(
    rf"^\s*(?:なお、|また、)?[^。、]{{0,16}}?(?:は|も)?、?{slots.ELECTRONIC_ALLOWED}"
)

# a check-sheet item's note on what proves it (「確認方法：遵守宣誓書の提出により確認する。」
# 「【提出物】脆弱性診断結果報告書」「確認方法：登録証の写し」) hands in a document for the item; a
# note of what the issuer looks at (「確認方法：設計書の確認」) or of a choice with public
# information (「…の写し又は認証機関の公開情報」) hands nothing in
_SUBMISSION_NOTE = re.compile(
    r"【(?:提出物|提出書類)】|確認方法[:：][^。]{0,40}?(?:提出|写し(?![^。]{0,4}又は))"
)

# a pledge taken from the staff (「各人から誓約書を徴すること」「誓約書を提出させること」) is the
# form of their training or confidentiality, not of limiting who works (an always-an-act duty)
_PLEDGE_TAKEN = re.compile(r"誓約書を(?:徴|提出させ|差し入れさせ|取)")

# subcontracting further, or the main part of the work, which a ban after the approval narrows
_FURTHER_OR_THE_MAIN_PART = re.compile(
    r"再々委託|再再委託|更に[^。、]{0,10}?委託|主(?:たる|要な)部分"
)
# 「承認を得ること」「書面による許諾を事前に得る」「承認された場合」, not 「承認した事業所」
_ASKS_FOR_APPROVAL = re.compile(
    rf"{slots.APPROVAL_WORD}(?:を|が)?[^。、]{{0,8}}?(?:得|受け)|{slots.APPROVAL_WORD}され|"
    # 「承諾を求めるときは、…書類を提出すること」: how the approval is asked for
    rf"{slots.APPROVAL_WORD}を求め"
)
# (with the article's number before or after it: 「第12条(資料等の返還及び消去)」「(再委託)第8条」)
_ARTICLE = r"第[0-9一二三四五六七八九十百]+条(?:の[0-9一二三四五六七八九十]+)?"
_HEADING = re.compile(
    rf"^\s*(?:{_ARTICLE}\s*)?[（(][^）)。]{{1,30}}[）)](?:\s*{_ARTICLE})?|"
    # the leading cells of a table row flattened into text (「15 ｜ 返却・消去 ｜」)
    r"^\s*(?:No\.?\s*)?[0-9A-Za-z.\-]{0,8}\s*[|｜]\s*[^|｜。]{1,20}?\s*[|｜]|"
    # … and the cell that closes it with the item's level (「。 ｜ 必須」)
    r"^\s*[|｜]\s*[^|｜。]{1,8}\s*$"
)
# 「…これを拒んではならない」「…求めに応じること」: the contractor's side of the issuer's right
_ACCEPTS = re.compile(r"拒ん|拒否|拒む|妨げ|応じ|受け入れ|異議を(?:述べ|申し立て|唱え|申し出)")
# the work done at a named place (「…自社工場内で行うこととし」「…指定する室においてのみ行う
# ものとし」), or the place of the work told or approved (「作業を行う場所を、…届け出ること」)
_WORK_DONE_THERE = re.compile(
    r"(?:場所|事業所|工場|室|施設|拠点|区域|区画|ブース|庁舎|国内)[^。、]{0,6}?"
    r"(?:で|において|内で|内において)(?:のみ)?(?:行う|行わせる|実施する|実施させる)"
    r"(?:ものと|こととし|こと)|"
    r"(?:作業|業務)(?:を(?:行う|実施する))?場所を?[^。]{0,20}?(?:届け出|届出|承認|承諾)"
)
_ONLY_THERE = re.compile(r"(?:において|で|内で)のみ|に限る|に限り|に限定")
_DEADLINE_WORD = re.compile(r"速やかに|直ちに|遅滞なく|即時|以内|までに|前に|後に")


@lru_cache(maxsize=1)
def _requirements() -> dict[str, Requirement]:
    return {r.id: r for r in load_taxonomy().requirements}


# a requirement the taxonomy does not list: of no particular kind, with no attributes
_UNLISTED = Requirement(
    id="",
    group="",
    core=False,
    ja="",
    en="",
    definition="",
    strong_triggers=(),
    weak_triggers=(),
    patterns=(),
    attributes=(),
    sources=(),
    duty="either",
)


def _spec(requirement: str) -> Requirement:
    return _requirements().get(requirement, _UNLISTED)


def _kind(requirement: str) -> str | None:
    """ "ban" or "act" when the requirement's duty is of one kind (taxonomy data: `duty`)."""
    duty = _spec(requirement).duty
    return duty if duty in ("act", "ban") else None


def _the_issuers_may(requirement: str, k: int, sentence: str) -> bool:
    """A requirement whose frame may be a right of the issuer's (to audit, to end the contract, to
    ask for reports, to ask for a correction in the duty's ``sentence``, and to publish an incident
    when the clause opens with it, ``k`` being the duty's sentence), so that a may of someone the
    tender names (「研究所は、…報告を求めることができる」) is the issuer's."""
    spec = _spec(requirement)
    return (
        _a_right_of_the_issuer(requirement)
        or spec.asked_for_by_the_issuer
        or (spec.opened_by_the_issuer and k == 0)
        or (requirement == "SEC.REMEDIATION" and bool(_A_CORRECTION_ASKED.search(sentence)))
    )


def _a_right_of_the_issuer(requirement: str) -> bool:
    """The obligation is the issuer's right (to audit, to terminate and claim damages); the
    contractor's duty to accept follows from it."""
    return _spec(requirement).duty == "issuer_right"


def _conditional(requirement: str, stretch: str) -> bool:
    """Reporting an incident or remedying a finding is owed once it happens, however worded;
    preparing for an incident is done beforehand, whatever case it names; the rest as worded."""
    timing = _spec(requirement).duty_timing
    if timing is not None:
        return timing == "on_event"
    moving = _MOVING_THE_PLACE.search(stretch) if _spec(requirement).duty_is_a_place else None
    if moving and re.search(r"のみ|に限|内で|で行う|において", stretch[: moving.start()]):
        # 「…事務所内でのみ取り扱うものとし、作業場所を変更しようとするときは、…承諾を得る」: the
        # place is fixed whatever happens; moving it is the way out the approval slot carries (a
        # clause about the move alone, 「拠点を変更しようとするときは、…承認を受けること」, is
        # conditional)
        stretch = stretch[: moving.start()] + stretch[moving.end() :]
    return _is_conditional(stretch)


_MOVING_THE_PLACE = re.compile(
    r"(?:場所|拠点|事業所|区域|区画)を変更(?:しようとする|する)?(?:とき|場合)(?:は|には)?"
)


def _reference(requirement: str, own: str, sentence: str, text: str) -> dict | None:
    """The document the duty names; a requirement that is about a document (policy, annex,
    law, ISMAP) also takes it from the rest of its sentence or clause, any other only from its
    own duty (the annex a clause's first sentence imports is not what its copying ban refers to)."""
    policy_first = requirement == "SEC.POLICY_COMPLIANCE"
    places = (own, sentence, text) if "reference" in _spec(requirement).attributes else (own,)
    return next((r for p in places if (r := slots.reference(p, policy_first))), None)


# a stretch that opens with a topic of its own, set off by a comma (「受託者は、」), unlike a
# predicate's は (「明かしてはならない」)
_OWN_TOPIC = re.compile(r"^\s*[^、。はがをにで「」（）()]{1,16}は、")


def _in_a_later_subjects_ban(
    pos: int, d: _Duty, duties: list[_Duty], spans, text: str, requirement: str, requirements, hits
) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``pos`` (an exception, or a stretch that may ask for approval), after the duty in
    its sentence, lies in a ban with a subject of its own that is about another of the clause's
    requirements (「…一室で行うものとし、受託者は、…許可を得た場合を除き、…持ち出してはならない」):
    the way out is that ban's, not the duty's before it."""
    if pos < d.end or _ends_in_a_ban(text[d.start : d.end]):
        return False
    return any(
        e.sentence == d.sentence
        and e.start >= d.end
        and e.start <= pos < e.end
        and _OWN_TOPIC.match(text[e.start : e.end])
        and _ends_in_a_ban(ban := text[e.start : spans[d.sentence][1]])
        and _about_another(ban, requirement, requirements, hits)
        for e in duties
    )


def _imposed_by_a_proviso(
    exception: str, pos: int, d: _Duty, spans, text: str, requirement: str, hits
) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``d`` is a duty that a proviso goes on to impose after lifting the ban of the
    sentence before (「ただし、…承認を受けて再委託することができ、この場合、…同一の義務を課す
    こと」): the proviso is that ban's exception, not this duty's — unless the ban lifted is this
    requirement's own."""
    if not exception.startswith("ただし") or pos >= d.start or d.sentence == 0:
        return False
    before = text[slice(*spans[d.sentence - 1])]
    if requirement == "SEC.SUBCONTRACT_APPROVAL" and _SUBCONTRACTING_IN_ANY_WORDS.search(before):
        # 「…全部又は一部を下請負者に行わせてはならない。ただし、…承認を得た場合は、この限りで
        # ない。」: the ban lifted is the subcontracting's own, however it is worded
        return False
    return not hits(before, requirement)


def _recorded_by_another(requirement: str) -> bool:
    """Returning or erasing data has no form of its own: its written record is a disposal
    certificate, which another requirement's frame carries."""
    return _spec(requirement).recorded_by is not None


@lru_cache(maxsize=64)
def _records_another(requirement: str) -> bool:
    """The requirement whose frame carries another duty's written record (the disposal
    certificate): its duty is the proof handed in."""
    return any(r.recorded_by == requirement for r in _requirements().values())


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> int:
    for k, (s, e) in enumerate(spans):
        if s <= pos < e:
            return k
    return len(spans) - 1
