"""The typed placeholder vocabulary that replaces personal data and chat markup."""

from __future__ import annotations

import re
from collections import Counter

# ASCII in square brackets so they survive NFKC, OpenCC and a second cleaning
# pass unchanged (clean_text is idempotent).
PLACEHOLDERS = (
    "PHONE", "EMAIL", "URL", "MESSAGING", "ID", "PASSPORT", "PLATE", "BANKCARD", "ADDRESS",
    "ORDER", "NAME", "NUM", "AMOUNT", "DATE", "TIME", "SITE", "ORG", "IMAGE", "EMOJI",
)

# JDDC ships its own anonymisation tokens; map them into the same vocabulary so
# a model never sees two spellings of one concept.
JDDC_PLACEHOLDERS = {
    "订单": "ORDER", "电话": "PHONE", "地址": "ADDRESS", "姓名": "NAME",
    "身份证号": "ID", "邮箱": "EMAIL", "链接": "URL", "数字": "NUM",
    "金额": "AMOUNT", "日期": "DATE", "时间": "TIME", "站点": "SITE",
    "组织机构": "ORG", "QQ": "MESSAGING", "银行卡": "BANKCARD",
}
JDDC_TOKEN = re.compile(r"\[(" + "|".join(map(re.escape, JDDC_PLACEHOLDERS)) + r")x\]")
PLACEHOLDER_TOKEN = re.compile(r"\[(" + "|".join(PLACEHOLDERS) + r")\]")


def placeholder_counts(text: str) -> Counter:
    return Counter(PLACEHOLDER_TOKEN.findall(text))
