"""Who information can be about, as tenders name people: read by the alignment's personal-data
gate and by the obligation frames' scope."""

from __future__ import annotations

# A person is any kanji word ending in 者 but the parties to the work and their roles (第三者,
# 事業者, 受注者, 受託者, 請負者, 発注者, 委託者, 従事者, 責任者, 管理者, 担当者, 作業者, 技術者,
# 関係者, 代表者, 落札者, 提案者, 契約者, 開発者, 監督者, 他者 …): the kanji before 者 tells them
# apart. 利用者 is a person though 用 ends 運用者.
PARTY_BEFORE_SHA = "三他業注託負任理当事術係表札案約用発守置督査限認成供"


def a_person(also_parties: str = "") -> str:
    """A person, as a regular expression; ``also_parties``: more kanji that, before 者, make a
    role of the work (扱: 取扱者, the staff who handle it)."""
    return rf"(?<=[一-龥々])(?<![{PARTY_BEFORE_SHA}{also_parties}])者|利用者"


A_PERSON = a_person()
# people a tender names without 者
PEOPLE_WITHOUT_SHA = (
    r"児童|生徒|園児|学生|教職員|患者|住民|市民|県民|町民|村民|区民|国民|世帯|会員|顧客"
)
