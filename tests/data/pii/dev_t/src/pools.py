"""Print pools of invented resident IDs (ISO 7064 MOD 11-2 check digit) and
bank card numbers (Luhn) to paste into hand-written texts.

Usage: python pools.py  (deterministic: fixed seed)
"""
import random

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHK = "10X98765432"


def id_check(first17: str) -> str:
    s = sum(int(d) * w for d, w in zip(first17, W))
    return CHK[s % 11]


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # positions that get doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


ZH = dict(zip("0123456789X", "零一二三四五六七八九叉"))


def zh(s: str, yao=True) -> str:
    out = "".join(ZH[c] for c in s)
    return out.replace("一", "幺") if yao else out


REGIONS = ["110105", "310115", "440305", "330106", "510107", "420106", "320102",
           "610113", "500103", "370202", "350203", "430104", "210102", "120101",
           "450103", "530102", "410105", "340104", "360102", "130104", "140105",
           "220102", "230103", "150102", "620102", "650102", "520102", "460105",
           "640104", "630102", "540102", "440106", "441900", "330212", "320583"]
BINS = {"16": ["622588", "436742", "621483", "622609", "625807", "518710"],
        "19": ["622202", "622848", "621700", "621226", "622262", "623668", "621661"]}


def make_id(rng):
    r = rng.choice(REGIONS)
    y = rng.randint(1952, 2008)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    seq = rng.randint(0, 999)
    f17 = f"{r}{y}{m:02d}{d:02d}{seq:03d}"
    return f17 + id_check(f17)


def make_card(rng, n):
    b = rng.choice(BINS[str(n)])
    body = b + "".join(str(rng.randint(0, 9)) for _ in range(n - len(b) - 1))
    return body + luhn_digit(body)


if __name__ == "__main__":
    rng = random.Random(20240917)
    print("# IDs")
    for _ in range(60):
        i = make_id(rng)
        print(i, zh(i))
    print("# cards")
    for k in range(60):
        c = make_card(rng, 19 if k % 3 else 16)
        print(c, zh(c, yao=False))
