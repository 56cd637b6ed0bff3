#!/usr/bin/env python3
"""Check-digit helper only: `ck.py id <17 digits>` -> 18-digit ID; `ck.py card <digits without last>` -> card."""
import sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
def id_check(body17):
    return C[sum(int(a) * w for a, w in zip(body17, W)) % 11]
def luhn_check(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9: d -= 9
        total += d
    return str((10 - total % 10) % 10)
def luhn_ok(num):
    return luhn_check(num[:-1]) == num[-1]
def id_ok(num):
    return len(num) == 18 and num[:17].isdigit() and id_check(num[:17]) == num[17].upper()
if __name__ == "__main__":
    kind = sys.argv[1]
    for b in sys.argv[2:]:
        print(b + (id_check(b) if kind == "id" else luhn_check(b)))
