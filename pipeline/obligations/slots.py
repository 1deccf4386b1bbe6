"""Slot values read from the normalised text of one duty (or of its clause).

Every extractor returns None (or an empty value) when the text does not state the slot: a frame
never carries a guessed value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.structure.numbering import to_int
from pipeline.text.definitions import definitions
from pipeline.text.people import A_PERSON, PEOPLE_WITHOUT_SHA, a_person

NUM = r"[0-9]+|[〇一二三四五六七八九十百]+"
_SPAN_UNITS = "日|週間|か月|ヶ月|箇月|営業日|開庁日"


@dataclass(frozen=True)
class Deadline:
    text: str
    days: float | None
    qualifier: str | None
    anchor: str | None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "days": self.days,
            "qualifier": self.qualifier,
            "anchor": self.anchor,
        }


_QUALIFIERS = [
    (
        "immediately",
        re.compile(
            r"直ちに|ただちに|即時に?|即座に|至急|時を移さず|(?<=[ぁ-ん])次第(?=、)|"
            # the plain word of a notice (「すぐに事務局へ電話で連絡し」)
            r"(?<![ぁ-ん])すぐに?(?=[^ぁ-ん]|連絡|報告|知らせ|届け)|"
            # 「その時点で…電話で知らせ」「知った時点で…報告」: the moment it is known
            r"(?:その|知った|認知した|把握した)時点で(?=[^。]{0,30}?(?:報告|連絡|知らせ|通報|一報|伝え))"
        ),
    ),
    ("promptly", re.compile(r"速やかに|すみやかに|早急に")),
    ("without_delay", re.compile(r"遅滞なく")),
]
_UNIT_DAYS = {
    "日": 1.0,
    "営業日": 1.0,
    "開庁日": 1.0,
    "週間": 7.0,
    "週": 7.0,
    "時間": 1 / 24,
    "分": 1 / 1440,
    "か月": 30.0,
    "ヶ月": 30.0,
    "ケ月": 30.0,
    "箇月": 30.0,
    "カ月": 30.0,
    "月": 30.0,
    "年": 365.0,
}
_PERIOD = re.compile(
    # (not a date of the calendar, 「2024年4月改定」「10月1日施行」, nor a window in the past,
    # 「過去３年以内に」)
    rf"(?<!令和)(?<!平成)(?<!過去)(?<![0-9〇一二三四五六七八九十百千])(?<![0-9]月)(?<![一二三四五六七八九十]月)(?P<n>{NUM}|(?<![前後大])半(?=年|日))\s*"
    r"(?P<unit>営業日|開庁日|日|週間|時間|分(?=以内)|か月|ヶ月|ケ月|箇月|カ月|年(?!度|月|版|法|[0-9]))"
    r"(?!間)(?:以内|内|まで|前まで|前)?"
)
_ELAPSED = re.compile(r"\s*を?経過(?:した|する|後)")
_CALENDAR = re.compile(
    rf"(?:翌月|当月|毎月|翌年度)(?:{NUM})日(?:まで|までに)?|(?:{NUM})月(?:{NUM})日まで|"
    # a date set later or the same day: a time limit with no number of days to it
    r"(?:指定|定め|合意|指示)(?:する|した|された|られた)?(?:期限|期日|日)まで|"
    r"(?:期日|期限)まで|期限内(?=に)|末日まで|月末まで|"
    # (not the day of a named event, 「大会当日に使用した名簿」, which says when a thing was used)
    r"当日中|同日中|(?:その)?日のうちに|即日|(?<![一-龥ァ-ヶー])当日に|前日まで|翌(?:開庁日|営業日|日)まで|"
    # the day the work with it ends (「検針を終えた日に回収し」「使い終えた日に…返す」)
    r"(?:終えた|終わった|終了した|完了した)日に|"
    r"(?:定める|定めた|所定の)時間内に|"
    # a weekday (「毎週金曜日までに」)
    r"(?:毎週|翌週の?)?[月火水木金土日]曜日?まで"
)
_ANCHORS = [
    ("before_contract", re.compile(r"契約(?:の)?締結(?:前|まで)")),
    # (「契約締結の日に提出」「契約後十日以内」; not 「契約締結時に」, which the annotators read both
    # ways)
    (
        "after_contract",
        re.compile(
            r"契約(?:の)?締結(?:後|日から|の日から|の日に|の日まで|(?:の)?日の翌日から)|"
            r"契約後(?=[0-9０-９一二三四五六七八九十])"
        ),
    ),
    # (「入札の時点で」「入札日時点で」「入札書の提出期限の日において」)
    (
        "bid",
        re.compile(
            r"入札(?:時|書の?提出時|参加申請時)|提案(?:時|書の提出時)|入札(?:の|日)?時点|入札日において|"
            r"入札書の提出期限|入札参加資格(?:確認)?申請(?:の)?時|(?:企画)?提案書の提出期限"
        ),
    ),
    (
        "before_start",
        re.compile(
            # (not the start of the subcontracting, 「再委託の開始予定日の14日前までに」)
            rf"(?<!再委託)(?<!再委託の)"
            rf"(?:開始|着手|稼働|配置|着任)(?:(?:予定)?日?の(?:(?:{NUM})(?:{_SPAN_UNITS})|前日)|の?日|"
            # 「本業務に着手する前に」「運用を開始するまでに」: the verb, as 「着手前」 is the noun;
            # 「作業に着手する14日前までに」 counts back from it
            rf"(?:する|される)(?:(?:{NUM})(?:{_SPAN_UNITS}))?)?(?:前|まで|に先立ち)|"
            # the start said otherwise: 「着任時」「業務開始時」「配置の前」「従事前」「作業を始める
            # 前に」「作業に就く前に」, and the notice of starting handed in (「着手届と併せて」)
            # (not the hours a system runs, 「稼働時間」, nor what is done at the start and yearly,
            # 「着任時及び年一回」「本稼働の前及び毎年度一回」, which the annotators read both ways)
            r"(?:開始|着手|稼働|配置|着任)時(?!間|及び|並びに|と毎|と年)|"
            r"(?:配置|稼働|着任|従事|就業)(?:の|する)?前(?!及び|並びに)|"
            r"(?:業務|作業|取扱い|事務|運用)を始める(?:前|まで)|"
            r"(?:業務|作業|事務)に(?:就く|就かせる|従事する)前|着手届と(?:併せて|あわせて|共に|ともに)"
        ),
    ),
    (
        "on_completion",
        re.compile(
            r"(?:事業|業務|作業|契約|委託|サービス(?:の)?利用|本件|期間|調査研究|研究|事務|受付|"
            # an event's or a campaign's end is the end of its work (「大会終了日から九十日」)
            r"大会|イベント|キャンペーン)"
            r"(?:の|が|を)?(?:終了|完了|満了|解除|終わっ|終え)"
            r"(?:後|時|した(?:とき|場合|後)|する(?:とき|場合)|の際|に際し|に当たり|に当たって|により|"
            r"(?:の日|日)?から|"
            # 「業務が終わったら」「受付を終えたときは」
            r"たら|た(?:とき|時点|後))|"
            # delivery ends the work (「納品後、…返還し」「検収が完了した後」)
            r"納品後|納品時|検収が完了した後|"
            # the end of a stage that closes the work (「移行の完了を確認した後は」「処理を終えたとき
            # は」「調査を終えた時点で」「引渡しを終えた後」), and an end in two words (「契約の終了又は
            # クラウドサービスの提供終了に際しては」)
            r"(?:移行|作業|業務)の?完了を(?:確認|認め)(?:た|られた)後|"
            r"(?:処理|調査|引渡し|作業|事務|消去|廃棄|削除)を終え(?:た(?:とき|後|時点)|てから)|"
            # a works contract ends with the work completed and inspected (「工事完成後速やかに」
            # 「完成検査の日までに」「完成検査後３０日以内」)
            r"(?:工事|本工事)?完成(?:後|時)|完成検査(?:の日)?(?:まで|後)|竣工後|"
            r"(?:終了|満了)(?:又は|若しくは)[^。、]{0,20}?(?:終了|停止)(?:に際し|に当たり|に当たって|の際|時)|"
            # (not the end of a period the duty recurs in, 「四半期終了後３０日以内」「各月終了後」)
            r"(?:廃棄|消去|破棄|抹消)(?:完了)?後|(?<!半期)(?<![各毎]月)(?<!年度)(?<!週)終了後|完了後|"
            r"利用を終え(?:る|た)(?:とき|場合)|"
            # by the last day of the contract's term (「契約期間の満了の日までに」); not a stage's
            # end (「設計工程の終了までに」)
            r"(?:契約|委託|履行)期間(?:の)?(?:満了|終了)(?:の日|日)?までに"
        ),
    ),
    (
        "on_event",
        re.compile(
            r"(?:発生|生じ|判明|認知|覚知|把握|検知|発覚|知っ|知り得|起き|入手)(?:した|た|し)?(?:場合|とき|時|後)|"
            r"(?:おそれ|疑い)が(?:ある|あると認める)(?:場合|とき)|発生時|(?:発覚|検知|把握|認知)(?:後|から)|"
            # a vulnerability's publication, a lapsed certificate, something found or reported
            r"(?:公表|公開)(?:から|後|の日から)|(?:おそれ|疑い)が(?:ある|あると)認めた(?:場合|とき)|"
            r"知った時点|(?:事象|事態)が認められた(?:場合|とき)|連絡を受けた(?:場合|とき)|"
            r"(?:失効し|見つけ|見つかっ)た(?:場合|とき)|"
            # what the duty answers (「重大な欠陥が公表されたときは」「異動又は退職したときは」「照会
            # したときは」「到着後直ちに」「停止から四時間以内」); not a shortfall the issuer finds
            # (「不備があると認めたときは」), which the annotators leave without an event
            r"(?:公表|判定|取り消)され(?:た|る)(?:場合|とき|もの)|"
            r"(?:異動|退職|離れ|交代)(?:し|した|する)?(?:た)?(?:とき|際|場合|時)|(?:異動|退職|交代)の際|"
            r"(?:照会|尋ね|問われ)(?:た|し)?(?:とき|際|場合)|"
            r"(?:到着|取得)後|(?:停止|障害|検知)から|発生した際|"
            # the day or hour it became known or happened (「事故を知った日から３営業日以内」)
            r"(?:知っ|発生し|判明し|認知し|覚知し|把握し|発見し)た(?:日|時)(?:から|の翌日)|発生(?:の)?日から|"
            # something found, or a sign of it seen (「…を発見したときは」「発見から２時間以内」
            # 「不正な接続の兆候を認めたときは」), a finding received (「指摘を受けた日から」), an
            # account no longer needed (「アカウントが不要となったときは」)
            r"発見(?:した|し)?(?:場合|とき|時|後|から|次第)|"
            r"(?:兆候|事実|事象|事態|異常)を(?:認め|確認し)た(?:場合|とき)|"
            r"指摘を受けた(?:日|とき|場合)|不要となった(?:とき|場合)|"
            # a period counted from what the duty answers (「障害発生から６時間以内」「受付から４時間
            # 以内」「求めがあった日から１か月以内」「事故の収束後３０日以内」)
            # (「申請を受けた日から５営業日以内」「回収日の翌日から起算して三日以内」「回収後７日以内」)
            r"(?:発生|受付|受理|依頼|求め|要求|要請|請求|申請|申出|申し出|収束|終息|復旧|通知|連絡|検出|"
            r"回収)(?:があった|を受けた|した|された|し)?(?:日|時|時点)?(?:の翌日)?(?:から|後)(?:起算して)?"
            rf"(?=\s*(?:{NUM})\s*(?:{_SPAN_UNITS}|時間|分))"
        ),
    ),
]


def _days(n: str, unit: str) -> float | None:
    if n == "半":
        return 180.0 if unit == "年" else _UNIT_DAYS[unit] / 2  # 「半年以内」 is six months
    value = to_int(n)
    if value is None:
        return None
    days = value * _UNIT_DAYS[unit]
    return round(days, 4) if days != int(days) else float(int(days))


def _anchor_match(text: str) -> tuple[str, re.Match[str]] | None:
    for name, pattern in _ANCHORS:
        for a in pattern.finditer(text):
            # 「契約終了後においても」 says the duty survives, not when it falls due
            if not re.match(r"(?:において|にあって|であって)?も", text[a.end() :]):
                return name, a
    return None


def anchor(text: str) -> str | None:
    """The event a time counts from (契約締結後, 業務開始前, 終了後, 発生時 …), if stated."""
    found = _anchor_match(text)
    return found[0] if found else None


def anchor_deadline(text: str) -> Deadline | None:
    """Only the event a time counts from (「契約期間の満了時には、」), as a deadline of no limit."""
    found = _anchor_match(text)
    if found is None or found[0] == "on_event":
        return None  # 「発生した場合は…」 is a condition, not a deadline
    return Deadline(found[1].group(0), None, None, found[0])


def counts_back(time: str, days: float | None) -> bool:
    """「3か月前」「60日前まで」: a period counted back from an event. From the end of the work or a
    service it has no anchor, since on_completion would make it due after the end
    (「契約の終了に当たっては、…終了日の3か月前から」; corpora/frames/README.md, conventions)."""
    return days is not None and time.endswith(("前", "前から", "前まで"))


def deadline(text: str) -> Deadline | None:
    """The time by which the duty must be done, if the text states one."""
    qualifier = None
    found: list[tuple[int, int]] = []
    days: float | None = None
    for name, pattern in _QUALIFIERS:
        m = pattern.search(text)
        if m:
            qualifier = name
            found.append(m.span())
            break
    calendar = _CALENDAR.search(text)
    if calendar is not None and found and found[0][0] < calendar.start():
        # 「直ちに電話で知らせ、…報告書を翌開庁日までに提出」: the first stage sets the time
        calendar = None
    if calendar is not None:
        first = _PERIOD.search(text, 0, calendar.start())
        if first is not None and first.group(0).endswith(("以内", "内", "まで")):
            # … as a period does (「覚知後１時間以内に電話、同日中に電子メールで第一報」)
            calendar = None
    m = None if calendar else _PERIOD.search(text)
    if (
        m is not None
        and found
        and found[0][1] <= m.start()
        and re.search(r"[、,]", text[found[0][1] : m.start()])
        and m.group(0).endswith(("以内", "内", "まで"))
    ):
        # 「直ちに電話で連絡するとともに、…３日以内に報告書を提出」: the first stage sets the time,
        # as for a date above
        m = None
    if calendar is not None:
        # 「翌月10日まで」: a date, not a period; its number of days depends on the calendar
        qualifier = "within"
        found.append(calendar.span())
    elif m and qualifier is None and _ELAPSED.match(text, m.end()):
        # 「録音日から９０日を経過したものを消去」: a retention period, the time the data is kept,
        # not a limit to do something within
        days = _days(m.group("n"), m.group("unit"))
        a = _anchor_match(text)
        held_from = "on_event" if re.search(r"から\s*$", text[: m.start()]) else None
        return Deadline(m.group(0), days, None, a[0] if a is not None else held_from)
    elif m and ((limit := m.group(0).endswith(("以内", "内", "まで", "前"))) or qualifier is None):
        # an explicit period is the deadline; a bare "3日" next to 速やかに is not the deadline
        # nor is a day's share of the work (「一日の作業を終えるときは」「一日分の簿冊」)
        # (「１箇月以内及び毎年度」: a limit, whatever schedule follows it)
        if (
            limit or not re.search(r"(毎|ごと|以上|程度|間隔)", text[m.end() : m.end() + 3])
        ) and not re.match(r"分|当たり|につき|の(?:作業|業務|処理|終わり|始め)", text[m.end() :]):
            # (「直ちに（遅くとも1時間以内に）」: the period in brackets bounds the word before it,
            # which stays the qualifier)
            bounds_the_word = bool(found) and bool(
                re.fullmatch(r"\s*[（(][^）)。]{0,8}", text[found[0][1] : m.start()])
            )
            if not bounds_the_word:
                qualifier = "within"
            days = _days(m.group("n"), m.group("unit"))
            found.append(m.span())
    anchor = None
    a = _anchor_match(text)
    if a is not None:
        anchor = a[0]
        found.append(a[1].span())
    if anchor == "on_completion" and m is not None and counts_back(m.group(0), days):
        anchor = None
        found = found[:1]
    if qualifier is None and anchor is None:
        return None
    if qualifier is None and anchor == "on_event":
        return None  # 「発生した場合は…」 is a condition, not a deadline
    # the deadline's text is its time expression; the anchor it counts from is a separate slot
    start, end = found[0] if qualifier is not None else found[-1]
    return Deadline(text[start:end], days, qualifier, anchor)


APPROVAL_WORD = r"(?:承認|承諾|許可|許諾|同意|了承|了解|認め(?:た|る|られた))"
# documents handed over as such, and a roster or list that is handed in (「名簿を提出」); a list
# kept for one's own records (「一覧表により管理」) is no form of anything
_SUBMITTED_LIST = re.compile(
    # (a list in katakana too, 「従事者リスト」; not the ISMAP one a service is registered in)
    r"(?:(?:名簿|一覧表?|(?<!サービス)リスト)|(?:体制表|体制書)(?:と?を|とともに|と共に|と併せて))"
    r"[^。]{0,60}?(?:提出|届け?出|提示|添付)"
)
# 書面 and 文書 are a form when the duty is done by them or hands them over; as a plain noun
# (「提出された書面に個人番号が記載されていた」「文書を持ち出してはならない」) they are the
# information handled
_MEDIUM = (
    r"(?:で|にて|により|による|によって|をもって|とし|とする|化|"
    r"[^。]{0,30}?(?:提出|交付|送付|提示|届け?出|添付|差し?出|差し?入れ))"
)
_WRITTEN = re.compile(
    rf"(?:書面|文書){_MEDIUM}|"
    # not a document that is only the information handled (「申請書に記載された個人情報」
    # 「届出書を開封し」「申請書の個人番号欄」「手順書について教育」)
    # (not a document's quoted title, 「…作業手順書」に従い, which is what the work follows, nor a
    # certificate that authenticates, 「個人ごとに発行した証明書と多要素認証」)
    r"(?<!発行した)(?<!電子)(?:報告書|証明書|届出書|誓約書|計画書|確認書|手順書)"
    r"(?!類|の原稿|の草案|の案|」(?:に従|に基づ|に沿|を遵守|に準|に定め|のとおり)|を教材|と多要素|"
    # (nor one the work follows unquoted, 「変更作業は作業手順書に基づき…行う」)
    r"(?:に従|に基づ|に沿|に則)|"
    r"による(?:認証|確認))"
    r"(?!(?:等|など)?に記載され|に記され|に記載の|に記載した|の[^。、]{0,10}欄|の施錠|原稿|"
    r"について|"
    r"に(?:載せ|引用|掲載)|を(?:読み取|開封|施錠|保管|持ち出|複写|複製|裁断|回付|仕分|受け付|受付))|"
    # an application is mostly what the work handles (「申請書の入力」「申請書を開封し」): it is a
    # form only as the contractor's own, handed in or used to ask (「変更申請書により県の承認」
    # 「…を記した申請書を提出」)
    r"申請書(?:を|は)[^。を]{0,40}?(?:提出|差し?出|提示|届け?出)|"
    rf"申請書(?:により|で|にて)[^。を]{{0,30}}?(?:申請|{APPROVAL_WORD})|"
    r"(?:承認|変更|許可|許諾)申請書|"
    r"書類(?!として)[^。]{0,20}?(?:提出|添付|提示|交付|送付)|"
    # an agreement on service levels concluded or shown (「サービスレベル合意書を市と締結し」
    # 「…とするサービスレベルアグリーメント（SLA）を提示し」), not one the work follows
    r"(?:合意書|サービスレベルアグリーメント)(?!に(?:従|基づ|沿))|"
    r"登録証|写し[^。]{0,20}?(?:提出|添付|提示)|対照表|(?:対応表|点検表)[^。]{0,20}?(?:提出|添付|提示)|チェックシート|"
    # a report made on a checklist (「…を点検表により報告」「チェックリストにまとめて報告」)
    r"(?:点検表|点検票|チェックリスト)(?:により|で|を用いて|にまとめて)[^。]{0,30}?(?:報告|提出)|"
    r"(?:定める|所定の?|指定する)様式|様式第|"
    # a document named in quotes and handed in (「要員等情報提出書」を…提出)
    r"」を[^。]{0,20}?(?:提出|添付|提示)|"
    r"計画を[^。、を]{0,15}?(?:作成|策定)|計画[^。]{0,20}?提出|"
    # a document the duty writes into (「…を業務実施体制書に記載しておくこと」「…計画に記載し」)
    # (and a monthly report written into, 「業務月報に記載すること」; a register kept, 「管理簿に記載」,
    # is no document handed in)
    r"(?:[一-龥]書|[一-龥]表|計画|[日週月]報)に"
    r"(?:(?:記載|記入|明記)(?:し(?:てお[くか]|、|て|なければ)|する(?:こと|もの))|"
    r"記し[、て]|定め(?:、|て|なければ|ること|るものとする))|"
    # a ledger written into and handed in (「施工体制台帳に当該下請負人を記載して監督員に提出」)
    r"台帳に[^。]{0,20}?(?:記載|記入)(?:し|して)[^。]{0,20}?(?:提出|届け?出)"
)
# a document the duty draws up and hands over as its object (「体制図を…提出」「受講記録を市に提出」
# 「取扱規程を…提出」), the document being the object of the handing over: no other object between
_HANDED_IN_DOCUMENT = re.compile(
    r"(?:[一-龥ァ-ヶー]{1,12}(?:書|図|表|届|簿|台帳|記録|資料|一覧|写し|様式|マニュアル|要領|規程|手順)"
    # a procedure or contact list handed in, however named (「初動対応の手順をあらかじめ定め、
    # …提出」「事故時の連絡網と…手順を…提出」)
    r"|(?:手順|マニュアル|要領|規程|連絡網|連絡体制)"
    # a chart or table named by what it shows (「…経路を示した図を…提出」)
    r"|(?:した|された)(?:図|表))"
    r"(?:を|は)[^。を]{0,40}?(?:提出|届け?出|差し?出|差し入れ|提示)"
)
_PLAN_MADE = re.compile(r"計画(?:書)?を[^。、を]{0,15}?(?:作成|策定)")
# electronic media likewise, when the duty is done by them; a file-exchange system or an encrypted
# medium is the way data is handed over
_ELECTRONIC = re.compile(
    # (an e-mail address is one of a person's particulars, not a medium)
    rf"(?:電磁的記録|電子媒体|電子記録媒体|電子ファイル)(?:{_MEDIUM}|を(?:手交|用い))|電子メール(?!アドレス)|"
    r"(?:電子データ|電子媒体)(?:で|により|を[^、。]{0,20}?(?:受け渡|手渡|手交|授受|送付|送信|納品)|の受渡)|"
    r"ファイル(?:交換|共有|転送|授受|送受信)(?:の)?(?:システム|サービス|環境|仕組み|方法|サーバ)|"
    # (「…暗号化ファイル転送に限る」, the way named without a noun after it)
    r"ファイル(?:交換|転送|送受信)(?:に|で|により|による)|"
    # a transfer server, or communication encrypted (「専用の転送サーバを経由して」)
    r"転送サーバ|サーバ(?:を通じて|を経由して|経由で)|暗号化(?:措置|の措置)?を講じた通信|"
    # 「暗号化したファイルを…授受する」
    r"暗号化(?:した|された)(?:電子)?ファイル[^。]{0,20}?(?:授受|受け?渡|送付|送信)|"
    # 「暗号化メールにより送る」
    r"暗号化(?:した|された)?メール"
)
# data handed over on an encrypted medium is handed over electronically, however the medium
# travels; an encrypted medium to carry data out with is a safeguard, not a form
_ENCRYPTED_MEDIUM = re.compile(
    r"暗号化(?:した|された|機能付きの?)?[^、。]{0,6}?"
    r"(?:記録媒体|媒体|USBメモリ|記憶装置|DVD-?R|CD-?R|光ディスク)"
)
_HANDED_OVER = re.compile(r"受け?渡|引き?渡|手渡|手交|授受|納品|納入|送付|受け取|受領")
# a choice of forms is as strong as its weakest: 「書面又は電子データにより」 allows the electronic,
# 「電話又は電子メールで」 any
# a document that may also be handed in electronically (「報告書（電磁的記録可）を提出」
# 「…電磁的記録により提出することができる」): the weaker medium is allowed
ELECTRONIC_ALLOWED = (
    r"(?:電磁的記録|電子データ|電子ファイル|電子メール|電子媒体)(?:による|により|で|での)?"
    r"[^。、）)]{0,10}?(?:(?<!不)可(?!能)|差し支えな|ことができ|構いません|かまわな)"
)
_EITHER_ELECTRONIC = re.compile(
    rf"(?:書面|文書)(?:又は|若しくは|もしくは|あるいは|や)電|{ELECTRONIC_ALLOWED}|"
    # a document that includes its electronic form (「報告書（電磁的記録を含む。）にまとめて提出」)
    r"(?:書|書面|文書)[（(](?:電磁的記録|電子データ|電子ファイル)を含む|"
    r"(?:電磁的記録|電子データ|電子媒体|電子メール)(?:又は|若しくは|もしくは|あるいは)(?:書面|文書)"
)
_EITHER_UNSTATED = re.compile(
    r"(?:電話|口頭)(?:又は|若しくは|もしくは|あるいは|や|、)|"
    # handing over in person is one of the ways allowed (「手渡し又はファイル交換サービス」
    # 「共有フォルダによるか、…手渡しによる」)
    # (not an encrypted medium handed over, which is electronic: 「暗号化した記録媒体の手渡し又は
    # …ファイル転送サービス」)
    r"(?<!媒体の)(?<!媒体を)(?:手渡し|手交|持参)(?:又は|若しくは|もしくは|あるいは)|"
    # (an encrypted medium handed over is electronic: 「…を使用し、又は暗号化した電子媒体を手渡し」)
    r"(?:又は|若しくは|もしくは|あるいは|によるか、)(?![^。、]{0,25}?(?:媒体|記憶装置|USB|DVD|CD))"
    r"[^。、]{0,25}?(?:手渡し|手交|持参)"
)
# a ban on sending by e-mail is no electronic form (「郵送又は電子メールによる送付は認めない」)
_NOT_BY_MAIL = re.compile(
    r"[^。、]*?電子メール[^。]{0,20}?(?:認めない|行わない|禁止|しない|してはならない|不可)"
)
# a receipt exchanged on handing over (「受領書を取り交わす」「受渡票を取り交わした上で」)
_RECEIPT = re.compile(r"(?:受領書|受渡票|受領証|受渡書)を(?:取り交わ|交わ|徴|[^。を]{0,10}?返送)")


# more documents handed in, written into or attached (all `written` under the convention for
# documents handed in as such; corpora/frames/README.md)
_WRITTEN_RECORD = re.compile(
    # a record of the training or of the measures (「受講の記録を…提出」「その記録を市に提出」),
    # and material that shows the contractor's make-up (「…国籍が分かる資料を提出」); not any record
    # handed over as evidence after an incident (「原因の究明に必要な記録を提出」)
    r"(?:(?:受講|研修|実施|教育)(?:の|した)?[^。を]{0,12}?記録|その記録)を[^。を]{0,30}?"
    r"(?:提出|提示|差し?出)|"
    r"(?:分かる|示す|記した|記載した|に関する|についての?)資料を[^。を]{0,30}?(?:提出|提示|差し?出)|"
    # a record that names who took part and when (「受講者と実施日を記した記録を町に提出」)
    r"(?:記した|記載した)記録を[^。を]{0,30}?(?:提出|提示|差し?出)|"
    # a sheet or report written into and handed in (「点検票へ記入し、…提出」「作業日報に記録し、
    # …提出」「月次運用報告書の所定の欄に記載して…報告」)
    r"(?:票|表|日報|報告書|様式|欄|簿)(?:に|へ)[^。]{0,80}?(?:記入|記載|記録)(?:し|して|の上|した上)"
    r"[^。]{0,40}?(?:提出|報告)|"
    r"(?:日報|月報|週報)を[^。を]{0,40}?(?:提出|届け?出|提示)|"
    # material attached to what is handed in (「…を記した資料を添えること」「写しを添えて回答」)
    r"(?:資料|書類|写し|名簿)を(?:添付する|添えて[^。]{0,30}?(?:提出|回答|報告)|添え(?:ること|るものとする))|"
    r"書面に(?:添え|記載)|"
    # handed in by a form (「保守業務実施体制届により…届け出」「別添２の様式により提出」)
    # (「打合せ簿により報告」)
    r"(?:書|表|届|図|様式|簿)(?:により|で|をもって)[^。]{0,20}?(?:届け?出|提出|報告)|"
    r"の様式(?:により|で)|"
    # put together in a document (「…を文書にまとめて」「体制図に取りまとめ」)
    r"(?:文書|書面|図|表)に(?:取り)?まとめ|"
    # a signature taken from each of the staff (「受講を確認する署名を徴する」)
    r"署名(?:を(?:得|徴|求め)|により確認|入り|させ)|"
    # a list made and handed in
    r"一覧(?:に|と)して[^。]{0,20}?(?:提出|報告|説明|提示)"
)


# records kept and shown when the issuer asks (「研修の記録を当省の求めに応じて提示」「求められた
# 入退室記録を提示」) are what is checked, not a document the duty hands in
_SHOWN_ON_REQUEST = re.compile(
    r"((?:求め|請求)(?:に応じ|があった|があれば|られ|たとき)[^。]{0,40}?)提示"
)


def form(text: str, plans_made: bool = True) -> str | None:
    """``plans_made``: whether drawing up a plan (「改善計画を作成し」) is done in written form; for
    a duty whose kind has no form (remediation) the plan is a step, not the act's medium."""
    if not plans_made:
        text = _PLAN_MADE.sub("", text)
    # 「書面による承認」 is the approval's form, not the duty's
    text = re.sub(rf"書面(?:による|で|にて|により)?(?:の)?{APPROVAL_WORD}", "", text)
    # nor is the issuer's own written designation (「当機構が書面で指定した範囲」)
    text = re.sub(
        r"書面(?:で|にて|により|による)(?:指定|通知|指示|示)(?:した|された|する(?=範囲|もの|方法))",
        "",
        text,
    )
    text = _SHOWN_ON_REQUEST.sub(r"\1", text)
    if either := _EITHER_UNSTATED.search(text):
        # 「直ちに電話又は電子メールにより第一報を入れ、２４時間以内に…事故報告書を提出」: a first
        # word in any way, and the report in writing after it (the staged report's form is its
        # written report's, corpora/frames/README.md)
        later = re.split(r"[、。]", text[either.end() :], maxsplit=1)
        if len(later) == 2 and (_WRITTEN.search(later[1]) or _HANDED_IN_DOCUMENT.search(later[1])):
            return "written"
        return None
    if _EITHER_ELECTRONIC.search(text):
        return "electronic"
    if (
        _WRITTEN.search(text)
        or _SUBMITTED_LIST.search(text)
        or _HANDED_IN_DOCUMENT.search(text)
        or _WRITTEN_RECORD.search(text)
    ):
        return "written"
    if _RECEIPT.search(text):
        return "written"
    text = _NOT_BY_MAIL.sub("", text)
    if _ELECTRONIC.search(text) or (_ENCRYPTED_MEDIUM.search(text) and _HANDED_OVER.search(text)):
        return "electronic"
    return None


# 「本業務の処理を他の事業者に行わせてはならない」: subcontracting in other words
SUBCONTRACTING_IN_OTHER_WORDS = r"(?:第三者|他の事業者|他の者|別の者|他者)に[^。、]{0,8}?(?:行わせ|処理させ|実施させ|請け?負わせ)"
# the duties an outright ban applies to; a purpose limitation is a limit, not a ban on an act
BANNABLE_ACT = re.compile(
    r"再委託|委託して|請け?負わせ|複製|複写|撮影|持ち?出|持ち帰|搬出|持ち?込|(?:外|そと)(?:に|へ)出|"
    r"漏ら|漏洩|漏えい|開示|第三者(?:に|へ|への)提供|知らせ|告げ|"
    r"明か|話し|話さ|話す|伝え|口外|" + SUBCONTRACTING_IN_OTHER_WORDS
)


# using a service or putting information into it: the act an external-service ban bans
# (sharing, handling, putting, receiving or keeping information there is using it too: 「…約款型外部
# サービスで共有してはならない」「…で取り扱わないこと」「…に置いてはならない」)
USING = re.compile(
    r"用い|利用|使用|使わ|使っ|使う|入力|保存|投稿|登録|アップロード|共有|取り?扱|置い|置か|置く|"
    r"受け取|保管|送信|掲載"
)


def approval(
    text: str,
    modality: str | None,
    has_exception: bool = False,
    bannable: bool = True,
    acts: re.Pattern[str] | None = None,
) -> str | None:
    """The approval ladder: prohibited > prior written approval > prior approval > notification >
    post-report. ``acts``: what the requirement's ban bans, where that is not one of the acts any
    ban may (using a service, for a ban on external services)."""
    # consent to a service's terms (「約款への同意のみで利用できる」「約款同意型の」) is no approval
    # of the issuer's, nor is what a law permits (「番号法で認められた場合を除き」)
    # (「約款のみに同意して利用する」「規約に同意するだけで」)
    text = re.sub(r"(?:約款|規約)(?:への|に)?(?:のみ(?:に|で)?)?同意", "", text)
    text = _LAWFUL.sub("", text)
    text = _AN_APPROVAL_PROCEDURE.sub("", text)
    if re.search(APPROVAL_WORD, text):
        # 書面 qualifies the approval itself (「書面による承認」「事前に書面で発注者の承認」), not an
        # application handed in before it (「書面を提出し、承認を得る」「書面で申請し、承認」)
        written = re.search(
            rf"書面(?:による|により|にて|で|の)?(?:(?!提出|申請|を)[^、。]){{0,10}}?{APPROVAL_WORD}",
            text,
        ) or re.search(rf"{APPROVAL_WORD}.{{0,4}}書面", text)
        return "prior_written_approval" if written else "prior_approval"
    if re.search(r"変更(?:が|を|し).{0,20}(?:届け?出|報告)", text) and not re.search(
        r"しようとする|事前|あらかじめ", text
    ):
        return "post_report"
    # (a change told in other words: 「…変更届を提出」「…名簿を差し替える」「…事前に申し出る」)
    if re.search(
        r"届け?出|通知し|通知する|通知を|(?:変更|異動)届|差し?替え|申し?出",
        _NOT_NOTIFYING.sub("", text),
    ):
        return "notification"
    if re.search(r"事後(?:に)?報告|後に報告", text):
        return "post_report"
    if (
        bannable
        and modality == "must_not"
        and not has_exception
        and (BANNABLE_ACT.search(text) or (acts is not None and acts.search(text)))
    ):
        return "prohibited"
    return None


# an approval procedure to set up as one of the controls (「変更の申請、承認及び記録の手順を定め」
# 「リリース承認の手順」「承認フローを定め」「変更要求票による承認、作業の二名体制…」), or one
# the contractor's own manager gives (「責任者の承認制」), is no approval of the issuer's
_AN_APPROVAL_PROCEDURE = re.compile(
    r"(?:申請|要求|審査|レビュー)(?:[、・]|及び|と)承認|"
    r"承認(?:[、・]|及び)[^。、]{0,12}?(?:手続き?|手順|フロー|記録|プロセス)|"
    r"承認(?:の)?(?:手続き?|手順|フロー|記録|プロセス|ワークフロー)|"
    # an authority or a role named after approving (「公開承認権限」「承認者」) is no approval asked
    r"承認(?:権限|者)|"
    r"(?:責任者|管理者|リーダー|上長)の承認|による承認[、・]|"
    # (「改修を承認制とし」, no one named to approve; not 「本市の承認制」「事前承認制」)
    r"(?<=[をはも])承認制"
)
_LAWFUL = re.compile(
    r"(?:法|法律|法令|条例|規定)(?:上|で|により|によって|に基づき|において)?認められ"
)
# what a filed notification brought in is the information handled, not a notification the duty
# makes: 「届出書を開封させ」「届出人に番号を問い合わせ」「届出情報を取り扱う」 (a form handed in,
# 「変更届出書を提出」, still is one)
_NOT_NOTIFYING = re.compile(
    r"届(?:け?出)?(?:人|者|情報|データ)|届(?:け?出)?書(?![^。]{0,20}?(?:提出|差し?出|届け?出))"
)
_RECEIVED = (
    r"(?:提供|貸与|交付|受領|引渡し|引き渡|入手|開示|貸し出|借り受け|借用|預か|預託|受け取|受取"
    # 「当庁から受けた資料」「県より受けたデータ」
    r"|(?:から|より)受け)"
)
# the customers of a utility or a booking service (「使用者情報」「予約者の情報」), whose 用 and 約
# otherwise name the parties to the work (運用者, 契約者)
_PEOPLE_OF_A_SERVICE = r"(?<![運雇])使用者|予約者|お客様|お客さま"
# a person the work serves, not the staff who handle the information or attend its trainings
# (取扱者, 受講者)
_A_PERSON_SERVED = a_person(also_parties="扱講")
# information about the people a duty names, in so many words (「被験者に関する情報」「利用者の登録
# 情報」): read in a clause's own words, not in a definition, which lists it among the document's
# other kinds (「県データ」とは、…及び利用者に関する情報), and not when people are listed after the
# issuer (「知り得た研究所及び回答者に関する情報」: all that was learned, _LEARNED_AND_THE_REST) or
# open a list that ends in what was designated or learned (「…寄贈者に関する情報その他当館が要機密
# 情報として指定した情報」)
_ABOUT_PEOPLE = re.compile(
    rf"(?:{A_PERSON}|{PEOPLE_WITHOUT_SHA}|{_PEOPLE_OF_A_SERVICE})"
    r"(?:に関する|に係る|についての|の(?:登録|申込み?|応募|属性|個人))(?:情報|データ)"
    r"(?![^。]{0,30}?その他[^。]{0,30}?(?:指定|知り得|知りえ))"
)
_MY_NUMBER = re.compile(r"特定個人情報|個人番号|マイナンバー")
_SCOPES = [
    ("mynumber", _MY_NUMBER),
    # personal information the work handles, not the name of a law, a training or an annex
    (
        "personal",
        re.compile(
            r"個人情報(?!保護法|保護条例|の?保護に関する(?:法律|条例|研修|教育)|取扱特記事項|"
            r"の取扱いに関する特記|"
            # a role's title (「個人情報管理責任者」「個人情報保護管理責任者」) names a person, not the
            # information
            r"(?:の)?(?:保護)?(?:管理|取扱い?)?(?:責任者|管理者|担当者))|"
            # information about people, named by who they are (「被保険者の情報」「患者情報」
            # 「児童生徒及び教職員の情報」): personal information whatever the tender calls it
            rf"(?:{A_PERSON}|{PEOPLE_WITHOUT_SHA}|{_PEOPLE_OF_A_SERVICE})の?(?:情報|データ)|"
            # their secrets and privacy (「利用者の秘密」「患者のプライバシー」)
            rf"(?:{A_PERSON}|{PEOPLE_WITHOUT_SHA}|{_PEOPLE_OF_A_SERVICE})の(?:秘密|プライバシー)|"
            # or by their particulars (「相談者の氏名、連絡先…」「申請者の氏名、住所等を含むデータ」
            # 「記録された個人の情報」)
            # (not the staff who handle it, 「取扱者の氏名」, and not particulars that open a list of
            # all that was learned, 「受検者の氏名…その他…知り得た事項」)
            rf"(?:{a_person(also_parties='扱')}|{PEOPLE_WITHOUT_SHA}|{_PEOPLE_OF_A_SERVICE}|世帯員|個人)"
            r"(?:本人)?の"
            r"(?:氏名|住所|生年月日|連絡先|電話番号|宛先|情報)"
            r"(?![^。]{0,40}?その他[^。]{0,30}?(?:知り得|知りえ|知った|知る))|"
            # or by what would identify them (「回答者や第三者を特定し得る記載」「回答者の特定に
            # つながる記述」「特定の個人を識別できる情報」)
            r"(?:個人|本人|者)(?:を|の)?(?:特定|識別)(?:し得る|しうる|でき|につなが|に至)|"
            # or by a kind of record that is about people whoever they are: addresses (「宛名デー
            # タ」), health and school records (「健診結果データ」「診療録」「指導要録」), a roster
            # of the people served (「調査対象者の名簿」「参加者名簿」; not the staff's, 「受講者
            # 名簿」「取扱者名簿」)
            r"宛名|(?:健診|健康診断|検診|診療)(?:結果)?(?:データ|情報|記録|録|票)|健康診断結果|"
            # (a system that holds them is not information, 「乗車履歴データベースにアクセス」)
            r"カルテ|指導要録|(?:予防)?接種記録|名簿データ|"
            r"(?:乗車|貸出|受診|購入)履歴(?!データベース|システム|管理システム)|"
            rf"(?:{_A_PERSON_SERVED}|{PEOPLE_WITHOUT_SHA})の?名簿|"
            # or by the papers and histories that hold it (「対象者台帳」「患者の文書」「住民票の
            # 写し」「利用者の貸出履歴」)
            rf"(?:{_A_PERSON_SERVED}|{PEOPLE_WITHOUT_SHA})の?(?:文書|書類|台帳|一覧|写し|[^。、]{{0,3}}履歴)|"
            r"住民票|"
            # or by the taxes it assesses on them (「課税情報」: 11 of D13's 14 frames personal)
            r"課税情報|"
            # or by the register of visitors to a building (「来庁者受付票」「入退庁者記録簿」)
            r"(?:来庁|来館|来院|入退庁|入退館|訪問|来場|来客)者の?[^。、]{0,4}(?:票|簿|記録|一覧)|"
            # or by their particulars listed without a person (「参加申込みにより取得した氏名、住所、
            # 電話番号等」), unless they are the staff's: after a role (「作業員の氏名」「その氏名」),
            # in a roster (「名簿（氏名、生年月日…）」) or in a document that lists them
            # (「氏名、連絡先…を記した名簿」)
            r"(?<!者の)(?<!員の)(?<!ーの)(?<!その)(?<!名簿（)(?<!名簿\()(?<!一覧（)"
            r"氏名(?:、|及び|並びに|や)(?:住所|生年月日|電話番号|連絡先|メールアドレス)"
            r"(?![^。]{0,30}?(?:を記|を記載|を明記)[^。]{0,10}?(?:名簿|一覧|届|書))"
        ),
    ),
    (
        "designated",
        re.compile(
            r"(?:秘密|機密|要機密)(?:情報)?(?:であると|である|として|と)?指定|"
            r"指定(?:する|した|された)(?:秘密|機密|要機密)|保護すべき情報|要機密情報|要保護情報|"
            r"機密扱いと(?:した|された|する)|"
            # the secrets of a defence contract are the ones the government designated
            r"(?<!知った)(?<!知り得た)(?<!知る)秘密(?:情報|文書)?(?:を|の(?!保持|保全)|に|は|等)"
        ),
    ),
    (
        "all",
        re.compile(
            # not knowing that something happened (「…おそれがあることを知ったときは」「…と知った
            # 乙は」), which is a condition, not information learned
            r"知り得た|知りえた|(?<![をと])知った(?!(?:とき|時|場合|際|後))|知ることのできた|知り得る|"
            r"一切の情報|全ての情報|すべての情報"
        ),
    ),
    (
        "provided_and_created",
        re.compile(
            # (a copy made of what was received is still what was received: 「受領した音声データと
            # 作業中に作成した複製」)
            rf"{_RECEIVED}(?:を受け|され|し)?た?.{{0,40}}(?:及び|並びに|又は|と).{{0,24}}(?:作成|収集|生成|取得)"
            r"(?!し?た?(?:作業用の)?(?:写し|複製|複写))|"
            r"収集・作成|収集し、?又は作成|入手し、?又は作成|取得し、?又は作成|"
            # what the work made (「架電記録、応対記録その他本業務において作成した記録」): the scope
            # has no value for the made alone, and the annotators read it so (7 of 7 frames)
            r"(?:本業務|業務|作業|本件|本調査|本事業)(?:において|で|の過程で|により|のために)"
            r"作成(?:し|され)た(?:記録|資料|データ|情報|文書|成果物|書類)|"
            # what was received and what the work made of it, named apart (「提供を受けた資料を
            # 返却し、…本業務の情報を消去」「貸与データ及びその出力結果」「帳票を返還し、…入力データを
            # 消去」)
            rf"{_RECEIVED}(?:を受け|され|し)?た?[^。]{{0,60}}?"
            r"(?:(?:本業務|本調査|本事業|本件)の(?:情報|データ)|入力(?:した)?データ|"
            r"出力(?:結果|データ|物)|訳文|(?:保守|運用|調査|業務)(?:関係|関連)情報|"
            # 「当庁から貸与し又は閲覧させた資料及び本業務で得た情報」
            r"(?:本業務|本調査|本事業|本件|業務)(?:で|を通じて|の過程で)得た(?:情報|データ|資料))|"
            # what was received, then what the work left behind (「貸与を受けた資料…中間データ」「提供
            # を受けた課税資料、AI-OCRによる読取結果」「貸与データ及び印刷過程で生じた損紙」)
            # (received, not handed over: 「…回答データを引き渡した後、…回答データを削除」)
            r"(?:(?:提供|貸与|交付|受領|入手|借用|預託|引渡し)(?:を受け|され|し)た|引き渡された|"
            r"(?:借り受け|受け取っ|(?:から|より)受け)た|(?:貸与|預託)(?:資料|物|品|データ|文書))[^。]{0,60}?"
            r"(?:中間(?:生成物|データ|ファイル)|(?:作業用|一時)ファイル|読取結果|抽出した(?:データ|情報)|"
            r"回答データ|回収した調査票|(?:作業|業務|印刷|処理|移行)(?:の)?過程で(?:作成|生じ|生成))"
        ),
    ),
    (
        "provided",
        re.compile(
            rf"{_RECEIVED}(?:を受け|され|し|す|っ|り)?(?:た|る)[^、。]{{0,8}}?"
            r"(?:情報|資料|データ|書類|媒体|文書|申告書|マニュアル|設計書|図面|台帳|名簿|構成図|ファイル"
            r"|調査票|申請書|通知書|帳票)|"
            # (what was provided named as such, 「提供データ」「提供資料」, as 「貸与資料」 is)
            # (and what was deposited for keeping, 「預託文書」, as what was lent)
            rf"{_RECEIVED}され、?又は|(?:貸与|預託)(?:資料|物|品|データ|文書)|(?<![をの])提供(?:データ|資料)"
        ),
    ),
]


# what was received and what the contractor made, named together (「甲が提供した個人情報及び乙が
# 作成した点検結果の記録」「貸与を受けた情報資産を返還し、受注者が作成又は複製した情報資産を消去」):
# both, whatever kind of information either is (a copy made of what was received, 「作成した作業用
# の写し」, is still what was received; personal information received or made, 「提供を受け、又は乙が
# 作成した個人情報」, is personal information)
_RECEIVED_AND_MADE = re.compile(
    rf"{_RECEIVED}[^。]{{0,80}}?(?:が|側で)(?:本業務のために|業務中に|本件のために)?"
    r"(?:取得し、?又は)?作成(?:し|又は複製し)?た(?!(?:作業用の)?(?:写し|複製|複写)|(?:特定)?個人情報)"
)
# what was learned through the work, listed and closed by 「その他の情報」 (「業務を通じて知った来庁者の
# 氏名、住所、生年月日その他の情報」「知り得た校務系情報その他の秘密」「申請者の個人番号、顔写真その他
# 本業務で知り得た情報」): all of it, however narrow the kinds the list begins with
_AN_ISSUER_NAMED = r"当?(?:機構|研究所|協会|法人|本部|センター|省|庁|局|県|市|区|町|村|館)"
_PEOPLES_INFORMATION = (
    r"(?:者|住民|市民|患者|被保険者|児童|生徒)(?:の|に関する)(?:個人)?情報|個人情報|患者情報"
)
_THE_ISSUERS_OWN = (
    r"行政情報|市政情報|県政情報|業務上の(?:秘密|情報)|システム(?:の)?構成|施設に関する情報|"
    r"(?:市|県|町|区|局|本院|当院|当庁|当省|当機構)の(?:情報|秘密)"
)
_LEARNED_AND_THE_REST = re.compile(
    r"(?:知り得|知りえ|知った|目にした|(?:通じて|過程で|業務で|作業で)得た)[^。]{0,60}?"
    # (a list closed by 「その他の個人情報」 is of personal information)
    r"その他(?!の?(?:特定)?個人情報)(?:の)?[^。、]{0,6}?(?:情報|事項|秘密)|"
    r"その他(?:の)?[^。、]{0,20}?(?:知り得|知りえ|知った)[^。、]{0,6}?(?:情報|事項|秘密)|"
    # the issuer's information and its people's, learned together (「知り得た研究所及び回答者に
    # 関する情報」「知り得た当機構の業務上の情報及び受講者に関する情報」)
    rf"(?:知り得|知りえ|知った)[^。、]{{0,12}}?(?:{_AN_ISSUER_NAMED})[^。、]{{0,12}}?"
    r"(?:及び|並びに)[^。、]{0,10}?に関する情報|"
    # the people's information and the issuer's own, learned together in either order (「知った
    # 住民の情報及び市のシステム構成に関する情報」「知り得た市の行政情報及び住民の情報」「知り得た
    # 被保険者に関する情報及び連合会の業務上の秘密」): all of it
    rf"(?:知り得|知りえ|知った|通じて得た)[^。]{{0,60}}?(?:{_PEOPLES_INFORMATION})[^。]{{0,6}}?"
    rf"(?:及び|並びに|、)[^。]{{0,30}}?(?:{_THE_ISSUERS_OWN})|"
    rf"(?:知り得|知りえ|知った|通じて得た)[^。]{{0,60}}?(?:{_THE_ISSUERS_OWN})[^。]{{0,6}}?"
    rf"(?:及び|並びに|、)[^。]{{0,40}}?(?:{_PEOPLES_INFORMATION})"
)
# the work's information named as a whole (「本業務で取り扱う情報」「この契約に関する情報」): a ban
# on using or disclosing it covers all of it; a plan of measures for it names no scope (the
# annotators read 8 of 8 bans so in the development set, and 12 of 12 plans as no scope in the
# older dense lines and frames.jsonl)
_THE_WORKS_INFORMATION = re.compile(
    r"(?:本業務|本件|本契約|この契約|本委託業務|委託業務|本事業|本調査|本役務|本工事)"
    r"(?:(?:で|において|に関して)?(?:取り扱う|取扱う|扱う)情報|に関する情報(?!システム)|"
    # a list of its kinds closed by the rest (「本工事に係る図面、工事写真その他の情報」)
    r"(?:に係る|に関する)[^。]{0,30}?その他の情報)"
    r"(?!セキュリティ)"
)
_REGULATOR = re.compile(r"個人情報保護委員会")
_HOW_IT_IS_MANAGED = re.compile(
    r"(?:特定)?個人情報の(?:管理|取扱い?)(?:の)?(?:方法|体制)(?:等)?(?=を(?:記載|記)し)"
)
_MY_NUMBER_GUIDELINE = re.compile(r"特定個人情報(?:の適正な取扱い)?に関するガイドライン")
_TRAINING_SUBJECT = re.compile(
    r"[^、。]{0,40}?(?:に関する|についての|に係る|保護)(?:研修|教育|講習)(?!委員)"
)


def scope(
    text: str,
    glossary: Mapping[str, str] | None = None,
    *,
    of_training: bool = False,
    of_a_ban: bool = False,
) -> str | None:
    """The scope of information ``text`` speaks of; failing its own words, the scope of a term the
    document defined (``glossary``: 「調査情報」 → provided_and_created). ``of_a_ban``: the duty
    is a ban on doing something with information, so the work's information named as a whole is
    what it protects."""
    unquoted = re.sub(
        r"「[^」]*」", "", text
    )  # a quoted title names a document, not the information
    # the regulator is named, not information (「個人情報保護委員会への報告」)
    unquoted = _REGULATOR.sub("", unquoted)
    # nor is the My Number guideline's title (「特定個人情報の適正な取扱いに関するガイドライン」)
    unquoted = _MY_NUMBER_GUIDELINE.sub("", unquoted)
    # how personal information is to be managed, described in an application (「再委託先における
    # 個人情報の管理方法を記載した申請書」), is what the document is about, not information the duty
    # covers
    unquoted = _HOW_IT_IS_MANAGED.sub("", unquoted)
    # 「知り得た情報（要保護情報を含む。）」: what is included does not narrow what is covered
    unquoted = re.sub(r"[（(][^）)]{0,40}を含む。?[）)]", "", unquoted)
    if not of_training:
        # the subject of a training (「個人情報の取扱いに関する研修」) is not information another
        # duty covers; it is the training's own scope (corpora/frames/README.md, conventions)
        unquoted = _TRAINING_SUBJECT.sub("", unquoted)
    if _LEARNED_AND_THE_REST.search(unquoted):
        return "all"
    if of_training and (subject := _TRAINING_IN.search(unquoted)):
        # a training in the protection of personal information, or in the My Number Act
        # (「個人情報保護に関する研修」「番号法に関する研修」), covers what they protect
        return "mynumber" if subject.group("act") else "personal"
    if _RECEIVED_AND_MADE.search(unquoted):
        return "provided_and_created"
    if _ABOUT_PEOPLE.search(unquoted) and not _MY_NUMBER.search(unquoted):
        return "personal"
    for name, pattern in _SCOPES:
        if pattern.search(unquoted):
            return name
    if of_a_ban and _THE_WORKS_INFORMATION.search(unquoted):
        return "all"
    if glossary:
        found = [(text.find(term), value) for term, value in glossary.items() if term in text]
        if found:
            return min(found)[1]
    return None


# (a training in information security and personal data together, 「情報セキュリティ及び個人情報
# 保護に関する研修」, names personal data too: read as security in general until the twenty-first
# session, it is `personal` in 6 of the 7 frames of the development set D5)
_TRAINING_IN = re.compile(
    r"(?:(?P<act>番号法)|個人情報の?保護)(?:[^、。]{0,12}?)?(?:に関する|についての|に係る)(?:研修|教育|講習)"
)
_INFORMATION_TERM = re.compile(r"(?:情報|データ|資料|記録|文書|ファイル|媒体)等?$")
# a defined kind of information made of people's particulars is personal information
_PERSONAL_PARTICULARS = re.compile(r"氏名|生年月日|住所|電話番号|メールアドレス")


def _defined_scope(meaning: str) -> str | None:
    """A definition lists what the term covers: people's particulars make it personal, and a
    closing 「その他一切の情報」 stays within the kinds it lists (provided, created)."""
    if _PERSONAL_PARTICULARS.search(meaning):
        return scope(meaning) if scope(meaning) == "mynumber" else "personal"
    found = {name for name, pattern in _SCOPES if pattern.search(meaning)}
    for name in ("mynumber", "personal", "provided_and_created", "provided", "designated", "all"):
        if name in found:
            return name
    return None


def glossary(texts: Iterable[str]) -> dict[str, str]:
    """Terms a document defines for kinds of information, with the scope of their definition."""
    terms: dict[str, str] = {}
    for text in texts:
        for term, meaning in definitions(text):
            value = _defined_scope(meaning)
            if value is not None and _INFORMATION_TERM.search(term) and term not in terms:
                terms[term] = value
    return terms


_EXCEPTION = re.compile(
    # (not 「計画停止を除く年間稼働率」, which says what a figure counts, no exception to the duty)
    r"(?:ただし|但し)[、,].*?(?:。|$)|[^、。]*?(?:場合|とき|もの)を除き|"
    # the planned stops a service level leaves out (「計画停止の時間を除き月間99.5%以上」)
    r"[^、。]*?計画停止(?:の)?(?:時間)?を除き|"
    r"[^、。]*?(?:を|は)除く(?:[。]|(?=[）)、,]|$))|"
    r"[^。]*?この限りでない[。]?"
)


_DAYS_NOT_COUNTED = re.compile(r"(?:休日|閉庁日|土曜|日曜|祝日|年末年始)[^。]{0,12}を除く。?$")


def _counts_a_period(before: str) -> bool:
    """The bracket open before the exception follows a period (「三日以内（…」), not a schedule
    (「土日祝日（年末年始を除く。）に行う」, whose days left out are an exception)."""
    k = max(before.rfind("（"), before.rfind("("))
    return (
        k >= 0
        and not re.search(r"[）)]", before[k:])
        and bool(re.search(r"(?:以内|以上|まで)\s*$", before[:k]))
    )


def exceptions(text: str) -> list[str]:
    """Exception texts as they stand in the (normalised) text."""
    out: list[str] = []
    for m in _EXCEPTION.finditer(text):
        span = m.group(0).strip()
        if _DAYS_NOT_COUNTED.search(span) and _counts_a_period(text[: m.start()]):
            continue  # how a period is counted (「三日以内（土曜日、日曜日及び休日を除く。）」)
        if span and not any(span in o or o in span for o in out):
            out.append(span)
    return out


_SURVIVAL = re.compile(
    # (a works contract ends with the work completed and handed over: 「工事の完成後も」「引渡し後も」)
    r"(?:終了|満了|解除|完了|退職|退い|退き|終え|終わっ|完成|竣工|引渡し|引き渡し)[^。]{0,12}?後"
    r"(?:において|に|であって)?も|"
    r"後も同様|内外を問わず|退職後であるとを問わず|契約期間(?:中)?及び(?:契約)?(?:終了|満了)後|"
    # 「…終了後五年を経過するまで続けなければならない」「この義務は、…終了によっても消滅しない」
    r"(?:終了|満了)後[^。]{0,12}?経過するまで|(?:義務|責任)は[^。]{0,30}?(?:消滅しない|失わない)"
)


def survival(text: str) -> bool:
    return bool(_SURVIVAL.search(text))


_FLOWDOWN = re.compile(
    r"(?:再委託先|委託先|下請負者|下請負人)(?:等)?(?:に(?:対し(?:て)?)?|において)?も.{0,40}(?:させ|課す|課し|求め|遵守|担保|負わせ)|"
    r"(?:同等|同様|同一|同じ)の(?:義務|措置|対策).{0,20}(?:課|求め|担保|させ|義務付け|負わせ)|担保させ|"
    r"再請負先に.{0,20}(?:させ|課|負わせ)|"
    # 「当該事業者にこの特記仕様書の各号を守らせること」: the subcontractor named by the sentence before
    r"(?:当該|その)(?:事業者|第三者|委託先|下請負者|下請負人)に(?:対し(?:ては|て)?)?、?.{0,30}?(?:守らせ|遵守させ|課[しす]|義務付け|負わせ)"
)


# binding the subcontractor as a duty of its own, with or without も (「再委託先に本項の対策を実施
# させ」「承認を受けた再委託先には、…守らせる」「同じ内容の義務を契約により負わせ」), beside what
# `flowdown` finds; the flow-down slot of another duty still asks for its も (「再委託先にもこれを
# 遵守させる」: this duty, also there)
_BINDS_A_SUBCONTRACTOR = re.compile(
    r"請負先(?:等)?(?:に(?:対し(?:て)?)?|において)?も.{0,40}(?:させ|課す|課し|求め|遵守|担保|負わせ)|"
    r"(?:再委託先|委託先|下請負者|下請負人|請負先)(?:等)?に(?:対し(?:て)?)?(?:は)?、?[^。]{0,40}?"
    r"(?:実施させ|講じさせ|守らせ|遵守させ|負わせ|課す|課し|義務付け)|"
    r"同じ内容の義務.{0,20}(?:課|負わせ)"
)


def binds_a_subcontractor(text: str) -> bool:
    """Whether ``text`` binds the subcontractor, as the duty of a flow-down requirement."""
    return flowdown(text) or bool(_BINDS_A_SUBCONTRACTOR.search(text))


def flowdown(text: str) -> bool:
    return bool(_FLOWDOWN.search(text))


_ERA_YEAR = r"(?:令和|平成)(?:[0-9]+|元|[一二三四五六七八九十]+)年"
_EDITION = re.compile(
    rf"{_ERA_YEAR}度?版|[0-9]{{4}}年度?版|第[0-9]+(?:\.[0-9]+)?版|"
    # a revision dated by its month (「令和5年4月改定版」「令和6年4月版」「2022年10月1日施行」)
    rf"(?:{_ERA_YEAR}|[0-9]{{4}}年)[0-9]+月(?:[0-9]+日)?(?:改定|改正|改訂|施行|版)版?|"
    r"最新版|Rev\.\s?[0-9]+"
)
_QUOTED = re.compile(r"「([^」]{3,80})」")
_NAMED_STANDARD = re.compile(
    r"政府機関等の(?:サイバーセキュリティ|情報セキュリティ)対策のための統一基準(?:群)?|統一基準(?:群)?|"
    r"デジタル・ガバメント推進標準ガイドライン|標準ガイドライン|[^、。「」]{2,30}(?:情報セキュリティ(?:ポリシー|基本方針|対策基準))|"
    r"[^、。「」]{2,30}ガイドライン|[^、。「」]{2,30}特記仕様書|[^、。「」]{2,30}特記事項"
)


_SELF_REFERENCE = re.compile(
    r"(?:この|本|当該|同|前記|上記)(?:特記仕様書|特記事項|仕様書|ガイドライン)$"
)


_NATIONAL_STANDARD = re.compile(r"統一基準|ガイドライン|標準指針")
# the issuer's own security policy, by whatever name (ポリシー, 対策基準, 規程)
_POLICY_NAME = re.compile(
    r"[^、。「」]{2,30}?情報セキュリティ(?:ポリシー|基本方針|対策基準|(?:管理|基本|対策)?規程)"
)


def _policy_referred_to(text: str) -> str | None:
    """A national standard named as such (統一基準, a guideline), else the issuer's own policy;
    never an annex named beside them (「別添３「…遵守事項」」)."""
    for m in _QUOTED.finditer(text):
        annexed = re.search(
            r"別(?:添|紙|記|冊)\s*[0-9一二三四五六七八九十]*\s*$", text[: m.start()]
        )
        if not annexed and _NATIONAL_STANDARD.search(m.group(1)):
            return m.group(1)
    for m in _NAMED_STANDARD.finditer(text):
        if _NATIONAL_STANDARD.search(m.group(0)) and not _SELF_REFERENCE.search(m.group(0)):
            return m.group(0).strip()
    policy = _POLICY_NAME.search(text)
    return policy.group(0).strip() if policy else None


def reference(text: str, policy_first: bool = False) -> dict | None:
    """The named standard or document the duty refers to, with its printed edition;
    ``policy_first``: the issuer's security policy before an annex named beside it (what a duty to
    comply with the policy refers to)."""
    title = _policy_referred_to(text) if policy_first else None
    for m in _QUOTED.finditer(text if title is None else ""):
        candidate = m.group(1)
        if re.search(
            r"基準|ガイドライン|仕様書|特記事項|規程|規則|方針|要領|手順|条例|ポリシー|遵守事項",
            candidate,
        ):
            title = candidate
            break
    if title is None:
        for m in _NAMED_STANDARD.finditer(text):
            # 「この特記事項」「本仕様書」 is the document itself, not one it refers to
            if not _SELF_REFERENCE.search(m.group(0)):
                title = m.group(0).strip()
                break
    if title is None:
        return None
    edition_source = (
        title + text[text.find(title) + len(title) : text.find(title) + len(title) + 20]
    )
    e = _EDITION.search(edition_source)
    edition = e.group(0) if e else None
    clean = re.sub(r"[（(][^）)]*(?:版|改定)[）)]$", "", title).strip()
    return {"title": clean, "edition": edition}
