"""Helper used while writing: prints invented resident IDs (valid MOD 11-2 check
digit) and card numbers (valid Luhn) to paste into the hand-written sources."""
import random, datetime
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def id_check(body17):
    s = sum(int(c) * w for c, w in zip(body17, W))
    return "10X98765432"[s % 11]
def luhn_complete(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return body + str((10 - total % 10) % 10)
REGIONS = ["110105","310115","440305","330106","510107","420106","320102","370202","500103",
 "610113","430104","350203","210102","230103","410105","130104","140105","150102","220104",
 "340104","360102","450103","460106","520102","530102","620102","630104","640104","650102",
 "540102","120101","441900","321102","330302","320583","370102","440106","330783","350581",
 "420502","431102","510682","522601","532901","610402","410702","362502","130602","211002"]
BINS = {16: ["436742","622588","625911","622155","628288","625965","622260"],
        19: ["622202","622848","621700","621226","622700","621661","623058","621483","622908"],
        17: ["601382"], 18: ["622609"]}
def main(seed=7, n_id=80, n_card=100):
    r = random.Random(seed)
    ids = []
    while len(ids) < n_id:
        reg = r.choice(REGIONS)
        d = datetime.date(1955, 1, 1) + datetime.timedelta(days=r.randrange(0, 18000))
        body = reg + d.strftime("%Y%m%d") + "%03d" % r.randrange(1, 999)
        ids.append(body + id_check(body))
    xs = [i for i in ids if i.endswith("X")]
    print("IDs (%d end in X):" % len(xs))
    for i in ids: print(i)
    print("cards:")
    for k in range(n_card):
        ln = r.choice([16, 16, 19, 19, 19, 17, 18]) if k % 9 else 19
        b = r.choice(BINS[ln])
        body = b + "".join(str(r.randrange(10)) for _ in range(ln - len(b) - 1))
        print(luhn_complete(body))
if __name__ == "__main__":
    main()
