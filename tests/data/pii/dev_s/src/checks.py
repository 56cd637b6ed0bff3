"""Check-digit helpers for dev_s: ISO 7064 MOD 11-2 (resident ID) and Luhn (bank cards)."""

CN_DIGITS = {"零": "0", "〇": "0", "洞": "0", "幺": "1", "一": "1", "二": "2", "两": "2",
             "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
             "拐": "7", "勾": "9"}
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    assert len(first17) == 17 and first17.isdigit(), first17
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def id_valid(number: str) -> bool:
    number = number.upper()
    return len(number) == 18 and number[:17].isdigit() and id_check_digit(number[:17]) == number[17]


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:  # these digits get doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return len(number) >= 12 and number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]


def digits_of(s: str) -> str:
    """Digits (and a trailing X) of a value as typed or said: drops spaces and dashes, reads numerals."""
    out = []
    for c in s:
        if c.isdigit():
            out.append(c)
        elif c in CN_DIGITS:
            out.append(CN_DIGITS[c])
        elif c in "xX叉":
            out.append("X")
    return "".join(out)


if __name__ == "__main__":
    assert id_valid("11010519491231002X")
    assert luhn_valid("4111111111111111")
    assert luhn_check_digit("411111111111111") == "1"
    print("ok")
