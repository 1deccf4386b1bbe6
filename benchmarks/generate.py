"""Generate long, realistic tender specifications in the samples' source format.

Filler chapters are composed from phrase lists (the work, its deliverables, the schedule, …) so
that text varies between documents; each document carries one security section, placed at a
random chapter, so that a reader must find it rather than assume where it is.
"""

from __future__ import annotations

import random

WORK = ["運用保守", "設計開発", "調査分析", "データ整備", "ヘルプデスク", "広報支援", "研修実施", "システム更改"]
OBJECTS = ["基幹システム", "文書管理システム", "統計データベース", "ウェブサイト", "申請受付システム", "庁内ネットワーク"]
VERBS = ["実施すること。", "行うものとする。", "作成し、発注者の承認を得ること。", "報告すること。", "提出すること。"]
DETAILS = [
    "作業の実施に当たっては、あらかじめ作業計画書を作成し、発注者と協議のうえで",
    "受注者は、業務の進捗状況を把握し、課題が生じた場合には対応策を検討のうえで",
    "成果物の品質を確保するため、受注者は、第三者による確認を含む検証手順を定めて",
    "関係部署との調整に当たっては、発注者の指示に従い、必要な資料を準備したうえで",
    "利用者からの問合せについては、受付から回答までの経過を記録し、月ごとに集計して",
    "既存の資料及びデータを十分に分析し、現状の課題と改善の方向性を整理したうえで",
]
SECURITY = [
    "受注者は、本業務の遂行に当たり、発注者の情報セキュリティポリシーを遵守すること。",
    "受注者は、本業務で知り得た情報を、本業務の目的以外に利用してはならない。",
    "受注者は、本業務で知り得た情報を第三者に漏らしてはならない。契約終了後も同様とする。",
    "受注者は、情報セキュリティ対策の管理体制を、業務開始前に書面で発注者に提出すること。",
    "受注者は、情報セキュリティインシデントが発生した場合には、直ちに発注者に報告すること。",
    "受注者は、本業務の全部又は一部を再委託する場合は、事前に発注者の書面による承認を得ること。",
    "受注者は、業務の終了後、提供を受けた資料を返却し、複製したデータを復元できない方法で消去すること。",
    "受注者は、発注者が求めた場合には、情報セキュリティ対策の履行状況を書面で報告すること。",
]
KANJI_NUM = "一二三四五六七八九十"


def make_spec(pages: int, seed: int = 0, font: str = "HeiseiMin-W3") -> str:
    """Source text that renders to about ``pages`` A4 pages, with one security section."""
    rng = random.Random(seed)
    work, obj = rng.choice(WORK), rng.choice(OBJECTS)
    title = f"令和8年度 {obj}{work}業務 調達仕様書"
    out = [f"#title {title}", f"#header {title}", f"#font {font}", f"::heading {title}"]
    chapters = max(3, pages // 4)
    security_at = rng.randrange(1, chapters)
    paragraphs_per_page = 36
    budget = pages * paragraphs_per_page
    per_chapter = max(4, budget // chapters)
    for ch in range(1, chapters + 1):
        if ch == security_at + 1:
            out.append(f"第{ch}章　情報セキュリティに関する事項")
            out.append("  受注者は、次に掲げる事項を遵守すること。")
            items = rng.sample(SECURITY, k=len(SECURITY))
            out.extend(f"  ({k})　{text}" for k, text in enumerate(items, start=1))
            continue
        out.append(f"第{ch}章　{rng.choice(['業務の内容', '作業要件', '実施体制', '成果物', '運用要件'])}")
        n = 0
        section = 1
        while n < per_chapter:
            out.append(f"{section}.　{rng.choice(['概要', '作業内容', '実施方法', '留意点', '成果物'])}")
            for k in range(1, rng.randint(3, 6) + 1):
                detail = rng.choice(DETAILS)
                out.append(f"  ({k})　{detail}{rng.choice(OBJECTS)}の{rng.choice(WORK)}を{rng.choice(VERBS)}")
                n += 2
            if rng.random() < 0.04:
                out.append("::table")
                out.append("項目 | 時期 | 担当")
                for m in range(3):
                    out.append(f"{rng.choice(WORK)} | {KANJI_NUM[m]}月 | 受注者")
                out.append("::end")
                n += 3
            section += 1
    return "\n".join(out) + "\n"
