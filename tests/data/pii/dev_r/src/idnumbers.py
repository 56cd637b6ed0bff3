"""Helpers to make invented identifiers that pass format checks.

Used once to draw the values pasted into cases_*.py, and by build.py to check
every contiguous ID / BANKCARD span.
"""
import random

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"


def id_check(body17):
    return C[sum(int(d) * w for d, w in zip(body17, W)) % 11]


def id_ok(s):
    return len(s) == 18 and s[:17].isdigit() and s[17].upper() == id_check(s[:17])


def luhn_digit(body):
    tot = 0
    for i, d in enumerate(reversed(body)):
        n = int(d)
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        tot += n
    return str((10 - tot % 10) % 10)


def luhn_ok(s):
    tot = 0
    for i, d in enumerate(reversed(s)):
        n = int(d)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        tot += n
    return tot % 10 == 0


if __name__ == "__main__":
    rnd = random.Random(20240611)
    areas = ["110105", "310115", "440305", "510107", "330106", "420111", "320102",
             "370202", "610113", "500103", "430104", "350203", "210102", "230103",
             "530102", "450105", "130102", "540102", "650102", "150102", "513401",
             "360102", "340104", "520102", "640104", "620102", "460106", "120104",
             "440106", "320583", "410105", "371002", "441900", "522601", "632801"]
    ids = []
    while len(ids) < 45:
        a = rnd.choice(areas)
        y = rnd.randint(1952, 2005); m = rnd.randint(1, 12); d = rnd.randint(1, 28)
        body = f"{a}{y}{m:02d}{d:02d}{rnd.randint(0, 999):03d}"
        ids.append(body + id_check(body))
    print("IDS"); [print(i) for i in ids]
    bins = ["622202", "621700", "622848", "621483", "621661", "622262", "623668",
            "621226", "622588", "625965", "436742", "622700", "621799", "622609",
            "628288", "403391", "524091", "356833", "622908", "621559"]
    print("CARDS")
    for k in range(45):
        b = rnd.choice(bins)
        ln = rnd.choice([16, 19, 19])
        body = b + "".join(str(rnd.randint(0, 9)) for _ in range(ln - 1 - len(b)))
        print(body + luhn_digit(body))
