"""Digits written as Chinese numerals, shared by the number rules and the name rules."""
from __future__ import annotations

# Digits as said aloud (幺 for 1, 洞 for 0, 拐 for 7).
SPOKEN_DIGIT_VALUES = {"零": "0", "〇": "0", "洞": "0", "一": "1", "幺": "1", "二": "2", "两": "2", "三": "3",
                       "四": "4", "五": "5", "六": "6", "七": "7", "拐": "7", "八": "8", "九": "9"}
# And as written besides them: a circle for zero, the financial numerals (大写) of a cheque.
CN_DIGITS = {**SPOKEN_DIGIT_VALUES, "○": "0",
             "壹": "1", "贰": "2", "叁": "3", "肆": "4", "伍": "5", "陆": "6", "柒": "7", "捌": "8", "玖": "9"}
SPOKEN_DIGITS = "".join(SPOKEN_DIGIT_VALUES)
# A number said aloud in words, counting words included (十, 百, 千, 万).
SPOKEN_NUMBER_CHARACTERS = SPOKEN_DIGITS + "十百千万"
