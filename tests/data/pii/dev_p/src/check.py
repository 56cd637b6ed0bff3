"""Independent check of the built files: offsets match the hand-marked values, no overlaps, valid types,
unique ids and texts, resident-ID check digits, Luhn for cards, keeps present in negatives."""
import json, os, glob, collections
from build import parse, norm, id_ok, card_ok, HERE, OUT
TYPES={'NAME','PHONE','MESSAGING','ID','BANKCARD','EMAIL','PASSPORT','PLATE','ADDRESS'}
src=[parse(l.rstrip('\n')) for f in sorted(glob.glob(os.path.join(HERE,'pos_*.txt'))) for l in open(f,encoding='utf-8') if l.strip() and not l.startswith('#')]
rows=[json.loads(l) for l in open(os.path.join(OUT,'pii_cases.jsonl'),encoding='utf-8')]
negs=[json.loads(l) for l in open(os.path.join(OUT,'negatives.jsonl'),encoding='utf-8')]
bad=0; ids=set(); cnt=collections.Counter()
assert len(src)==len(rows)
for (note,text,spans),r in zip(src,rows):
    assert r['id'] not in ids; ids.add(r['id']); assert r['text']==text
    last=0
    for (s,e,t),(s2,e2,t2,v) in zip(sorted(r['spans']),sorted(spans)):
        ok = t in TYPES and 0<=s<e<=len(text) and s>=last and text[s:e]==v and (s,e,t)==(s2,e2,t2)
        if t=='ID' and len(norm(v))==18: ok&=id_ok(norm(v))
        if t=='BANKCARD' and 16<=len(norm(v))<=19: ok&=card_ok(norm(v))
        if not ok: bad+=1; print('BAD',r['id'],text[s:e],t)
        last=e; cnt[t]+=1
for n in negs:
    assert n['id'] not in ids; ids.add(n['id'])
    for k in n['keep']:
        if k not in n['text']: bad+=1; print('BAD keep',n['id'],k)
print('texts',len(rows),'spans',sum(cnt.values()),dict(cnt),'negatives',len(negs),'bad',bad)
