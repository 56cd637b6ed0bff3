"""Independent check of the built jsonl files."""
import json, os, re, collections, sys
sys.path.insert(0, os.path.dirname(__file__))
D=os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CN=dict(zip("零〇洞幺一二两三四五六七八九叉","00011223456789X"))
def norm(v): return re.sub(r"[\s\-·,，、.]","","".join(CN.get(c,c) for c in v)).upper()
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def idok(s): return bool(re.fullmatch(r"\d{17}[\dX]",s)) and "10X98765432"[sum(int(a)*b for a,b in zip(s,W))%11]==s[17]
def luhn(s): return sum((d if i%2==0 else (d*2-9 if d*2>9 else d*2)) for i,d in enumerate(map(int,reversed(s))))%10==0
TYPES={"NAME","PHONE","MESSAGING","ID","BANKCARD","EMAIL","PASSPORT","PLATE","ADDRESS"}
ids=set(); bad=0; c=collections.Counter(); xend=0; texts=set()
pos=[json.loads(l) for l in open(os.path.join(D,"pii_cases.jsonl"),encoding="utf-8")]
neg=[json.loads(l) for l in open(os.path.join(D,"negatives.jsonl"),encoding="utf-8")]
for r in pos:
    assert r["id"] not in ids; ids.add(r["id"]); assert r["text"] not in texts; texts.add(r["text"])
    sp=sorted(r["spans"]); assert sp
    for a,b in zip(sp,sp[1:]): assert a[1]<=b[0], r
    for s,e,t in sp:
        assert t in TYPES and 0<=s<e<=len(r["text"]); c[t]+=1
        v=norm(r["text"][s:e])
        if t=="ID" and len(v)==18:
            if not idok(v): print("BAD ID",r["id"],v); bad+=1
            xend+=v.endswith("X")
        if t=="BANKCARD" and v.isdigit() and 16<=len(v)<=19 and not luhn(v): print("BAD CARD",r["id"],v); bad+=1
    # pieces: consecutive ID/BANKCARD pieces joined
    for t,L,ok in (("ID",18,idok),("BANKCARD",None,luhn)):
        ps=[norm(r["text"][s:e]) for s,e,tt in sp if tt==t]
        short=[p for p in ps if len(p)<(18 if t=="ID" else 16)]
        if short:
            j="".join(short)
            if not ok(j): print("BAD JOINED",t,r["id"],j); bad+=1
for r in neg:
    assert r["id"] not in ids; ids.add(r["id"]); assert r["text"] not in texts; texts.add(r["text"])
    for k in r["keep"]: assert k in r["text"], r
print(dict(c), "texts", len(pos), "spans", sum(c.values()), "negatives", len(neg), "IDs ending X", xend, "bad", bad)
